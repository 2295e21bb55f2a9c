package dev.lodestar.spi;

/**
 * Every error Lodestar reports carries one of these codes. The {@link Kind} decides how it is shown
 * to a caller (HTTP status, CLI exit code) in one place.
 */
public enum ErrorCode {
    // user errors: the request or input is wrong
    INVALID_JSON(Kind.USER, 400),
    INVALID_MESSAGE(Kind.USER, 400),
    INVALID_ARGUMENT(Kind.USER, 400),
    MESSAGE_TOO_LARGE(Kind.USER, 413),
    BATCH_TOO_LARGE(Kind.USER, 413),
    UNAUTHORIZED(Kind.USER, 401),
    FORBIDDEN(Kind.USER, 403),
    NOT_FOUND(Kind.USER, 404),
    ALREADY_EXISTS(Kind.USER, 409),
    UNSUPPORTED_MEDIA(Kind.USER, 415),
    INVALID_FILE(Kind.USER, 400),
    // resources: try again later
    OVERLOADED(Kind.RESOURCES, 503),
    DATA_DIRECTORY_LOCKED(Kind.RESOURCES, 409),
    // internal: a bug or a broken environment
    SCHEMA_TOO_NEW(Kind.INTERNAL, 500),
    STORAGE_FAILURE(Kind.INTERNAL, 500),
    INTERNAL(Kind.INTERNAL, 500);

    /** Who is at fault. */
    public enum Kind {
        USER,
        RESOURCES,
        INTERNAL
    }

    private final Kind kind;
    private final int httpStatus;

    ErrorCode(Kind kind, int httpStatus) {
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
