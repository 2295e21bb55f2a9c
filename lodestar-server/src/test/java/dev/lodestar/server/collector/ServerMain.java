package dev.lodestar.server.collector;

import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a server in its own JVM for {@link TestKillDurability}: {@code ServerMain DATA_DIR} starts
 * on a free port, prints {@code LISTENING <port>} and serves until the process ends. (The CLI's
 * main class is not on this module's classpath.)
 */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        LodestarServer server =
                LodestarServer.start(ServerConfig.defaults(Path.of(args[0])).withPort(0));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("LISTENING " + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
