package dev.lodestar.server;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where errors become HTTP answers, in Javalin's JSON shape {@code
 * {"title","status","type","details"}} plus Segment's {@code "success": false}.
 */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static void write(Context ctx, LodestarException e) {
        ErrorCode code = e.code();
        if (code == ErrorCode.OVERLOADED) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(code.httpStatus()).json(body(code, e.getMessage(), Map.of()));
    }

    public static Map<String, Object> body(ErrorCode code, String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("title", message);
        body.put("status", code.httpStatus());
        body.put("type", code.name());
        body.put("details", details);
        return body;
    }
}
