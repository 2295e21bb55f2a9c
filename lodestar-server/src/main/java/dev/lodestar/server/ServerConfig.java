package dev.lodestar.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Settings of one server.
 *
 * @param dataDirectory where the store lives
 * @param host the address to listen on
 * @param port the port, 0 for any free port
 * @param zone the project time zone: days, weeks and months are cut here
 * @param dedupWindow how long message ids are remembered for de-duplication
 * @param maxQueuedEvents events waiting for a commit beyond which requests are refused (503)
 * @param maxGroupEvents the most events one commit takes
 */
public record ServerConfig(
        Path dataDirectory,
        String host,
        int port,
        ZoneId zone,
        Duration dedupWindow,
        long maxQueuedEvents,
        int maxGroupEvents) {
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public ServerConfig {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(host, "host is null");
        requireNonNull(zone, "zone is null");
        requireNonNull(dedupWindow, "dedupWindow is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        if (dedupWindow.toDays() < 7) {
            throw new IllegalArgumentException("the de-duplication window must be at least 7 days");
        }
    }

    public static ServerConfig defaults(Path dataDirectory) {
        return new ServerConfig(dataDirectory, "127.0.0.1", 8080, DEFAULT_ZONE, Duration.ofDays(7), 200_000, 20_000);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(dataDirectory, host, newPort, zone, dedupWindow, maxQueuedEvents, maxGroupEvents);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(dataDirectory, newHost, port, zone, dedupWindow, maxQueuedEvents, maxGroupEvents);
    }

    public ServerConfig withZone(ZoneId newZone) {
        return new ServerConfig(dataDirectory, host, port, newZone, dedupWindow, maxQueuedEvents, maxGroupEvents);
    }

    public ServerConfig withMaxQueuedEvents(long newMax) {
        return new ServerConfig(dataDirectory, host, port, zone, dedupWindow, newMax, maxGroupEvents);
    }
}
