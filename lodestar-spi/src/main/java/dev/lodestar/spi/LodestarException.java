package dev.lodestar.spi;

import static java.util.Objects.requireNonNull;

/** The one exception type of Lodestar: a coded error with a message that says what was expected. */
public class LodestarException extends RuntimeException {
    private final ErrorCode code;

    public LodestarException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    public LodestarException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    public static LodestarException user(ErrorCode code, String format, Object... args) {
        return new LodestarException(code, args.length == 0 ? format : String.format(format, args));
    }
}
