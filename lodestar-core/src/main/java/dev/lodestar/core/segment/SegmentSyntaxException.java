package dev.lodestar.core.segment;

import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;

/**
 * A segment text that is not a valid condition. The message names the problem and its position,
 * e.g. {@code expected ')' at 1:17 but found end of input}; {@link #line()} and {@link #column()}
 * give the position separately (both 1-based, columns counted in Unicode code points).
 */
public final class SegmentSyntaxException extends LodestarException {
    private final int line;
    private final int column;

    public SegmentSyntaxException(String message, int line, int column) {
        super(ErrorCode.INVALID_ARGUMENT, message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
