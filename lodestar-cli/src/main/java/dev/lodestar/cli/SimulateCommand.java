package dev.lodestar.cli;

import dev.lodestar.sim.OutputFormat;
import dev.lodestar.sim.SimulationConfig;
import dev.lodestar.sim.SimulationSummary;
import dev.lodestar.sim.Simulator;
import dev.lodestar.spi.LodestarException;
import dev.lodestar.spi.store.ProgressListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lodestar simulate}: writes a simulated shop's events, ground truth and source exports. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Simulates a Chinese online shop and writes its Segment events (events/), the ground truth",
            "(truth/) and, with --sources, messy source exports (sources/). See lodestar-sim/README.md."
        })
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--persons", description = "Number of persons (default: ${DEFAULT-VALUE}).", defaultValue = "15000")
    int persons;

    @Option(names = "--days", description = "Days simulated (default: ${DEFAULT-VALUE}).", defaultValue = "180")
    int days;

    @Option(
            names = "--seed",
            description = "Seed; the same seed gives the same bytes (default: ${DEFAULT-VALUE}).",
            defaultValue = "42")
    long seed;

    @Option(names = "--end", description = "End date (exclusive), yyyy-MM-dd (default: today in the zone).")
    LocalDate end;

    @Option(names = "--out", required = true, description = "Output directory (must not hold earlier output).")
    Path out;

    @Option(names = "--format", description = "parquet or jsonl (default: ${DEFAULT-VALUE}).", defaultValue = "parquet")
    String format;

    @Option(names = "--gzip", description = "Gzip JSON lines parts.")
    boolean gzip;

    @Option(names = "--sources", description = "Also write the CRM, orders, WeChat and offline-store exports.")
    boolean sources;

    @Option(names = "--threads", description = "Generator threads (default: number of cores, at most 4).")
    Integer threads;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    public SimulateCommand() {}

    @Override
    public Integer call() {
        PrintStream err = System.err;
        try {
            SimulationConfig config = SimulationConfig.defaults()
                    .withPersons(persons)
                    .withDays(days)
                    .withSeed(seed)
                    .withFormat(parseFormat(format))
                    .withGzip(gzip)
                    .withSources(sources);
            if (end != null) {
                config = config.withEndDate(end);
            }
            if (threads != null) {
                config = config.withThreads(threads);
            }
            TextProgress bar = noProgress ? null : new TextProgress(err);
            SimulationSummary summary = new Simulator().run(config, out, bar == null ? ProgressListener.NONE : bar);
            if (bar != null) {
                bar.done();
            }
            System.out.printf(
                    Locale.ROOT,
                    "%,d persons, %,d events (%,d orders) in %d files, %.1f s (%,.0f events/s)%n",
                    summary.persons(),
                    summary.events(),
                    summary.orders(),
                    summary.eventFiles().size(),
                    summary.seconds(),
                    summary.eventsPerSecond());
            System.out.println("events: " + out.resolve("events"));
            System.out.println("truth:  " + out.resolve("truth"));
            if (sources) {
                System.out.println("sources: " + out.resolve("sources"));
            }
            return 0;
        } catch (IllegalArgumentException | LodestarException e) {
            err.println();
            err.println("lodestar simulate: " + e.getMessage());
            return 2;
        }
    }

    private static OutputFormat parseFormat(String value) {
        try {
            return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be parquet or jsonl, found '" + value + "'");
        }
    }

    /** A textual progress bar on stderr, redrawn in place with a carriage return. */
    static final class TextProgress implements ProgressListener {
        private static final int WIDTH = 30;
        private final PrintStream out;
        private final long started = System.nanoTime();
        private long lastDraw;

        TextProgress(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void progress(double fraction, String message) {
            long now = System.nanoTime();
            if (fraction < 1 && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            out.print('\r' + render(fraction, message, (now - started) / 1e9));
            out.flush();
        }

        static String render(double fraction, String message, double seconds) {
            double f = Math.max(0, Math.min(1, fraction));
            int filled = (int) Math.round(f * WIDTH);
            StringBuilder sb = new StringBuilder(80).append('[');
            for (int i = 0; i < WIDTH; i++) {
                sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
            }
            sb.append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%%", f * 100))
                    .append(' ');
            long events = leadingEvents(message);
            if (events >= 0 && seconds > 0) {
                sb.append(String.format(Locale.ROOT, "%s events %s/s", human(events), human(events / seconds)));
            } else {
                sb.append(message);
            }
            return sb.append("   ").toString();
        }

        /** The event count in messages like "1500 persons, 90210 events", or -1. */
        private static long leadingEvents(String message) {
            int end = message.indexOf(" events");
            if (end < 0) {
                return -1;
            }
            int start = message.lastIndexOf(' ', end - 1) + 1;
            try {
                return Long.parseLong(message.substring(start, end));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static String human(double value) {
            if (value >= 1e6) {
                return String.format(Locale.ROOT, "%.1fM", value / 1e6);
            }
            if (value >= 1e3) {
                return String.format(Locale.ROOT, "%.1fK", value / 1e3);
            }
            return String.format(Locale.ROOT, "%.0f", value);
        }

        void done() {
            out.println();
        }
    }
}
