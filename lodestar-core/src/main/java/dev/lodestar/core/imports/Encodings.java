package dev.lodestar.core.imports;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text encoding detection for imported files: a byte-order mark decides first; else a sample that
 * decodes as strict UTF-8 is UTF-8; else GB18030 (a superset of GBK and GB2312, what Chinese Excel
 * and most Chinese CRMs write). Pure ASCII counts as UTF-8, which reads the same in every one of them.
 */
public final class Encodings {
    public static final Charset GB18030 = Charset.forName("GB18030");

    /** Bytes looked at when no byte-order mark decides. */
    public static final int SAMPLE_BYTES = 1 << 16;

    private Encodings() {}

    /** The result of detection: the charset and how many byte-order-mark bytes to skip. */
    public record Detected(Charset charset, int bomLength, String how) {}

    /** Detects the encoding of a file's first bytes (give at least {@link #SAMPLE_BYTES} if the file has them). */
    public static Detected detect(byte[] sample, int length) {
        if (length >= 3 && (sample[0] & 0xff) == 0xEF && (sample[1] & 0xff) == 0xBB && (sample[2] & 0xff) == 0xBF) {
            return new Detected(StandardCharsets.UTF_8, 3, "UTF-8 byte-order mark");
        }
        if (length >= 2 && (sample[0] & 0xff) == 0xFF && (sample[1] & 0xff) == 0xFE) {
            return new Detected(StandardCharsets.UTF_16LE, 2, "UTF-16LE byte-order mark");
        }
        if (length >= 2 && (sample[0] & 0xff) == 0xFE && (sample[1] & 0xff) == 0xFF) {
            return new Detected(StandardCharsets.UTF_16BE, 2, "UTF-16BE byte-order mark");
        }
        if (length >= 4
                && sample[0] == (byte) 0x84
                && sample[1] == 0x31
                && sample[2] == (byte) 0x95
                && sample[3] == 0x33) {
            return new Detected(GB18030, 4, "GB18030 byte-order mark");
        }
        if (isUtf8(sample, length)) {
            return new Detected(StandardCharsets.UTF_8, 0, "sample is valid UTF-8");
        }
        return new Detected(GB18030, 0, "sample is not valid UTF-8: taken as GB18030 (GBK)");
    }

    /**
     * The byte-order-mark length for a given charset (an explicitly chosen UTF-8 still skips a BOM).
     */
    public static int bomLength(Charset charset, byte[] sample, int length) {
        Detected detected = detect(sample, length);
        return detected.bomLength() > 0 && detected.charset().equals(charset) ? detected.bomLength() : 0;
    }

    /** Strict UTF-8 check; a multi-byte sequence cut at the end of the sample does not count as an error. */
    static boolean isUtf8(byte[] sample, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(sample, 0, length);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            if (result.isUnderflow()) {
                return true;
            }
            // malformed: fine only if it is a truncated sequence at the very end of a full sample
            return length == SAMPLE_BYTES && in.remaining() <= 3 && (sample[in.position()] & 0xC0) == 0xC0;
        }
    }

    /** Parses an encoding name given by a user: utf-8, utf8-bom, gbk, gb18030, ... */
    public static Charset forName(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT).replace("_", "-");
        return switch (n) {
            case "utf8", "utf-8", "utf-8-bom", "utf8-bom" -> StandardCharsets.UTF_8;
            case "gbk", "gb2312", "gb18030", "cp936" -> GB18030;
            default -> {
                try {
                    yield Charset.forName(name.strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "encoding '" + name + "' is not known (expected e.g. utf-8, gbk, gb18030)");
                }
            }
        };
    }
}
