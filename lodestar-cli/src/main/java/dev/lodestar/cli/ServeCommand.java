package dev.lodestar.cli;

import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lodestar serve}: the collector, API and dashboard. */
@Command(name = "serve", description = "Start the server: collector, REST API and dashboard.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() throws InterruptedException {
        try (LodestarServer running = LodestarServer.start(server.config(data.directory()))) {
            System.out.println("Lodestar is running at " + running.url());
            System.out.println("Data directory: " + data.directory().toAbsolutePath());
            awaitShutdown(running);
        }
        return 0;
    }

    /** Blocks until the JVM is asked to stop, then lets the caller close the server. */
    static void awaitShutdown(LodestarServer running) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            running.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
    }

    /** Options of a server. */
    public static final class ServerOptions {
        @Option(names = "--port", description = "Port to listen on (default 8080; 0 picks a free one).")
        int port = 8080;

        @Option(names = "--host", description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for all).")
        String host = "127.0.0.1";

        @Option(
                names = "--zone",
                description =
                        "Project time zone for days, weeks and months (default $LODESTAR_TIMEZONE, else Asia/Shanghai).")
        ZoneId zone;

        ServerConfig config(java.nio.file.Path directory) {
            ZoneId chosen = zone;
            if (chosen == null) {
                String env = System.getenv("LODESTAR_TIMEZONE");
                chosen = env == null || env.isBlank() ? ServerConfig.DEFAULT_ZONE : ZoneId.of(env);
            }
            return ServerConfig.defaults(directory)
                    .withPort(port)
                    .withHost(host)
                    .withZone(chosen);
        }
    }
}
