package dev.lodestar.core.imports;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** Text of a cell value as the user would read it: integral numbers without ".0", dates in ISO-8601. */
final class Cells {
    private Cells() {}

    static String text(Object cell) {
        if (cell == null) {
            return null;
        }
        if (cell instanceof String s) {
            return s;
        }
        if (cell instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue());
            }
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (cell instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        if (cell instanceof LocalDateTime t) {
            return t.toString();
        }
        return cell.toString();
    }

    static boolean isBlank(Object cell) {
        return cell == null || (cell instanceof String s && s.isBlank());
    }
}
