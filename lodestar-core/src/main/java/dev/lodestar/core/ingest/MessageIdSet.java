package dev.lodestar.core.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * The set of message ids seen within the de-duplication window, kept in memory as 128-bit digests
 * and a day number (20 bytes a slot, open addressing at a load factor between 1/4 and 1/2: 40 to 80
 * bytes per id, so ten million ids take 400 to 800 MB). Ids older than the window are dropped when the table grows. The set itself is not
 * persisted: it is rebuilt from the stored events at start-up, which is what makes de-duplication
 * survive restarts.
 *
 * <p>Not thread-safe: it is owned by the single writer thread.
 */
public final class MessageIdSet {
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by the Java platform", e);
        }
    });

    private final int windowDays;
    private long[] hi;
    private long[] lo;
    private int[] day; // epoch day + 1 of the receive time; 0 = empty slot
    private int size;

    public MessageIdSet(Duration window) {
        this.windowDays = (int) Math.max(1, window.toDays());
        allocate(1 << 16);
    }

    private void allocate(int capacity) {
        hi = new long[capacity];
        lo = new long[capacity];
        day = new int[capacity];
        size = 0;
    }

    /** Whether the id was recorded within the window. */
    public boolean contains(String messageId) {
        return contains(digest(messageId));
    }

    /** Whether the id with this {@link #digest} was recorded within the window. */
    public boolean contains(long[] digest) {
        int mask = day.length - 1;
        for (int i = slot(digest[0], mask); day[i] != 0; i = (i + 1) & mask) {
            if (hi[i] == digest[0] && lo[i] == digest[1]) {
                return true;
            }
        }
        return false;
    }

    /** Records an id as received at the given time; returns false when it was already there. */
    public boolean add(String messageId, Instant receivedAt) {
        return add(digest(messageId), receivedAt);
    }

    /** Records an id by its {@link #digest}; returns false when it was already there. */
    public boolean add(long[] digest, Instant receivedAt) {
        return add(digest, (int) (receivedAt.getEpochSecond() / 86_400) + 1);
    }

    private boolean add(long[] digest, int epochDayPlusOne) {
        if ((size + 1) * 2L > day.length) {
            grow(epochDayPlusOne);
        }
        int mask = day.length - 1;
        int i = slot(digest[0], mask);
        for (; day[i] != 0; i = (i + 1) & mask) {
            if (hi[i] == digest[0] && lo[i] == digest[1]) {
                day[i] = Math.max(day[i], epochDayPlusOne);
                return false;
            }
        }
        hi[i] = digest[0];
        lo[i] = digest[1];
        day[i] = epochDayPlusOne;
        size++;
        return true;
    }

    /** Drops expired ids, then doubles the table if it is still more than half full. */
    private void grow(int today) {
        long[] oldHi = hi;
        long[] oldLo = lo;
        int[] oldDay = day;
        int live = 0;
        int oldest = today - windowDays;
        for (int d : oldDay) {
            if (d != 0 && d >= oldest) {
                live++;
            }
        }
        int capacity = oldDay.length;
        while (live * 4L > capacity) {
            capacity <<= 1;
        }
        allocate(capacity);
        for (int i = 0; i < oldDay.length; i++) {
            if (oldDay[i] != 0 && oldDay[i] >= oldest) {
                add(new long[] {oldHi[i], oldLo[i]}, oldDay[i]);
            }
        }
    }

    public int size() {
        return size;
    }

    private static int slot(long h, int mask) {
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The 128-bit digest under which an id is kept. */
    public static long[] digest(String messageId) {
        byte[] d = MD5.get().digest(messageId.getBytes(StandardCharsets.UTF_8));
        long a = 0;
        long b = 0;
        for (int i = 0; i < 8; i++) {
            a = (a << 8) | (d[i] & 0xff);
            b = (b << 8) | (d[i + 8] & 0xff);
        }
        return new long[] {a, b};
    }
}
