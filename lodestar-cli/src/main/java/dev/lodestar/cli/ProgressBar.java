package dev.lodestar.cli;

import dev.lodestar.spi.store.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn in place at most five times a second. When
 * standard error is not a terminal it prints a line per 10% instead.
 */
public final class ProgressBar implements ProgressListener, AutoCloseable {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private int lastDecile = -1;
    private String lastLine = "";

    public ProgressBar(String label) {
        this(System.err, label, System.console() != null);
    }

    ProgressBar(PrintStream out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
    }

    @Override
    public synchronized void progress(double fraction, String message) {
        double f = Math.max(0, Math.min(1, fraction));
        long now = System.nanoTime();
        int decile = (int) (f * 10);
        if (terminal) {
            if (now - lastDraw < 200_000_000L && f < 1) {
                return;
            }
            lastDraw = now;
            int filled = (int) Math.round(f * WIDTH);
            String line = String.format(
                    Locale.ROOT,
                    "\r%s [%s%s] %3.0f%% %s  %.1fs",
                    label,
                    "=".repeat(filled),
                    " ".repeat(WIDTH - filled),
                    f * 100,
                    message == null ? "" : message,
                    (now - startNanos) / 1e9);
            out.print(line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            lastLine = line;
            out.flush();
        } else if (decile != lastDecile) {
            lastDecile = decile;
            out.printf(Locale.ROOT, "%s %3d%% %s%n", label, decile * 10, message == null ? "" : message);
        }
    }

    @Override
    public synchronized void close() {
        if (terminal && !lastLine.isEmpty()) {
            out.println();
        }
    }
}
