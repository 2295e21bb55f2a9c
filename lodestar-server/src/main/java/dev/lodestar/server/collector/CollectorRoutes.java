package dev.lodestar.server.collector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.core.auth.WriteKeys;
import dev.lodestar.core.ingest.GroupCommitter;
import dev.lodestar.core.ingest.MessageRejected;
import dev.lodestar.core.ingest.SegmentMessages;
import dev.lodestar.server.ErrorResponses;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.event.Event;
import dev.lodestar.spi.event.EventType;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The Segment-compatible collector: {@code /v1/track} and its siblings, {@code /v1/batch} and
 * {@code /v1/import}, and the one-letter paths analytics.js posts to as {@code text/plain}.
 *
 * <p>A batch is accepted in part: every valid message is written, and when any message is
 * invalid the answer is 400 naming each rejected message's index and reason (the valid ones are
 * durable by then, so a client that retries the whole batch does not double count them).
 */
public final class CollectorRoutes {
    /** Segment's limits. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;

    public static final int MAX_BATCH_BYTES = 500 * 1024;
    public static final int MAX_BATCH_MESSAGES = 2500;
    private static final long COMMIT_TIMEOUT_SECONDS = 60;
    private static final String SUCCESS = "{\"success\":true}";

    private final ObjectMapper mapper;
    private final SegmentMessages messages;
    private final WriteKeys writeKeys;
    private final GroupCommitter committer;

    public CollectorRoutes(ObjectMapper mapper, WriteKeys writeKeys, GroupCommitter committer) {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.messages = new SegmentMessages(mapper);
        this.writeKeys = requireNonNull(writeKeys, "writeKeys is null");
        this.committer = requireNonNull(committer, "committer is null");
    }

    public void register(RoutesConfig routes) {
        Map<String, EventType> single = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            single.put("/v1/" + type.wireName(), type);
            single.put("/v1/" + type.wireName().charAt(0), type);
        }
        single.forEach((path, type) -> routes.post(path, ctx -> handle(ctx, type)));
        for (String path : List.of("/v1/batch", "/v1/import", "/v1/b")) {
            routes.post(path, ctx -> handle(ctx, null));
        }
    }

    private void handle(Context ctx, EventType impliedType) {
        Instant receivedAt = Instant.now();
        boolean batch = impliedType == null;
        byte[] body = readBody(ctx, batch ? MAX_BATCH_BYTES : MAX_MESSAGE_BYTES, batch);
        JsonNode root;
        try {
            // trailing tokens fail: "{...}{...}" would otherwise silently drop the second message
            root = mapper.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            // limit violations (nesting depth, number length) carry no location
            JsonLocation location = e.getLocation();
            throw new LodestarException(
                    ErrorCode.INVALID_JSON,
                    "malformed JSON: " + e.getOriginalMessage()
                            + (location == null
                                    ? ""
                                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr()));
        } catch (IOException e) {
            throw new LodestarException(ErrorCode.INVALID_JSON, "cannot read the request body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new LodestarException(
                    ErrorCode.INVALID_JSON, "the request body must be a JSON object, found " + describe(root));
        }
        WriteKeys.WriteKey key = authenticate(ctx, root);
        List<JsonNode> items = new ArrayList<>();
        Instant batchSentAt = null;
        if (batch) {
            JsonNode array = root.get("batch");
            if (array == null || !array.isArray()) {
                throw new LodestarException(
                        ErrorCode.INVALID_MESSAGE,
                        "'batch' must be a JSON array of messages, found " + describe(array));
            }
            if (array.size() > MAX_BATCH_MESSAGES) {
                throw new LodestarException(
                        ErrorCode.BATCH_TOO_LARGE,
                        "batch has " + array.size() + " messages; the limit is " + MAX_BATCH_MESSAGES);
            }
            JsonNode sentAt = root.get("sentAt");
            if (sentAt != null && sentAt.isTextual()) {
                batchSentAt = SegmentMessages.parseInstant(sentAt.asText());
                if (batchSentAt == null) {
                    throw new LodestarException(
                            ErrorCode.INVALID_MESSAGE,
                            "batch sentAt '" + sentAt.asText()
                                    + "' is not ISO-8601 (expected e.g. 2026-01-31T12:00:00Z)");
                }
            }
            JsonNode envelopeContext = root.get("context");
            for (JsonNode item : array) {
                if (item.isObject() && envelopeContext != null && envelopeContext.isObject() && !item.has("context")) {
                    ((ObjectNode) item).set("context", envelopeContext);
                }
                items.add(item);
            }
        } else {
            items.add(root);
        }

        List<Event> events = new ArrayList<>(items.size());
        List<Map<String, Object>> rejected = new ArrayList<>();
        // only a batch larger than one message's limit can hold a message over the limit
        boolean mayHoldLargeMessage = batch && body.length > MAX_MESSAGE_BYTES;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            try {
                Event event = messages.toEvent(item, impliedType, batchSentAt, receivedAt, key.source(), true);
                if (mayHoldLargeMessage && size(event) > MAX_MESSAGE_BYTES) {
                    throw new MessageRejected("message is larger than 32 KB");
                }
                events.add(event);
            } catch (MessageRejected e) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", i);
                entry.put("reason", e.getMessage());
                rejected.add(entry);
            }
        }
        GroupCommitter.Outcome outcome = commit(events);
        if (rejected.isEmpty()) {
            ctx.contentType("application/json").result(SUCCESS);
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("accepted", outcome.written() + outcome.duplicates());
        details.put("rejected", rejected);
        String title = batch
                ? rejected.size() + " of " + items.size() + " messages rejected; the others were accepted"
                : String.valueOf(rejected.get(0).get("reason"));
        ctx.status(400).json(ErrorResponses.body(ErrorCode.INVALID_MESSAGE, title, details));
    }

    private GroupCommitter.Outcome commit(List<Event> events) {
        try {
            return committer.submit(events).get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LodestarException le) {
                throw le;
            }
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "commit failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new LodestarException(
                    ErrorCode.OVERLOADED, "the commit did not finish within " + COMMIT_TIMEOUT_SECONDS + " s; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LodestarException(ErrorCode.OVERLOADED, "interrupted while waiting for the commit; retry");
        }
    }

    private WriteKeys.WriteKey authenticate(Context ctx, JsonNode root) {
        String key = null;
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                key = colon >= 0 ? decoded.substring(0, colon) : decoded;
            } catch (IllegalArgumentException e) {
                throw new LodestarException(ErrorCode.UNAUTHORIZED, "the Authorization header is not valid Basic auth");
            }
        }
        if ((key == null || key.isEmpty()) && root.path("writeKey").isTextual()) {
            key = root.get("writeKey").asText();
        }
        if (key == null || key.isEmpty()) {
            throw new LodestarException(
                    ErrorCode.UNAUTHORIZED,
                    "missing write key: send it as the HTTP Basic user name with an empty password, or as 'writeKey' in the body");
        }
        WriteKeys.WriteKey found = writeKeys
                .find(key)
                .orElseThrow(() -> new LodestarException(ErrorCode.UNAUTHORIZED, "unknown write key"));
        if (found.revoked()) {
            throw new LodestarException(
                    ErrorCode.FORBIDDEN,
                    "write key of source '" + found.source() + "' was revoked at " + found.revokedAt());
        }
        return found;
    }

    private static byte[] readBody(Context ctx, int limit, boolean batch) {
        String encoding = ctx.header("Content-Encoding");
        try (InputStream raw = ctx.bodyInputStream();
                InputStream in = encoding != null
                                && encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip")
                        ? new GZIPInputStream(raw)
                        : raw) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new LodestarException(
                        batch ? ErrorCode.BATCH_TOO_LARGE : ErrorCode.MESSAGE_TOO_LARGE,
                        (batch ? "batch is larger than 500 KB" : "message is larger than 32 KB")
                                + " (Segment's limit); split it");
            }
            return bytes;
        } catch (ZipException e) {
            throw new LodestarException(ErrorCode.INVALID_JSON, "the body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new LodestarException(ErrorCode.INVALID_JSON, "cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * The message's size in UTF-8 bytes, from the JSON text already made for its stored columns
     * (so nothing is serialised twice); it leaves out field names and punctuation, a few hundred
     * bytes at most.
     */
    private static int size(Event event) {
        return utf8Length(event.properties())
                + utf8Length(event.traits())
                + utf8Length(event.context())
                + utf8Length(event.messageId())
                + utf8Length(event.name())
                + utf8Length(event.userId())
                + utf8Length(event.anonymousId());
    }

    private static int utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static String describe(JsonNode node) {
        return node == null || node.isMissingNode()
                ? "nothing"
                : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
