package dev.lodestar.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from Debian's binaries ({@code /usr/lib/postgresql/N/bin}, package
 * {@code postgresql}): {@code initdb} into a temporary directory, {@code pg_ctl start} on a free
 * port on 127.0.0.1 with trust authentication, stopped and deleted by {@link #close()}. PostgreSQL
 * refuses to run as root, so when the JVM runs as root the binaries run as the {@code postgres} user
 * (created by the Debian package) through {@code runuser}. Tests call {@link #binaries()} first and
 * skip when it is empty.
 */
public final class TestingPostgreSqlServer implements AutoCloseable {
    public static final String USER = "lodestar";
    public static final String DATABASE = "lodestar";

    private final Path bin;
    private final Path directory;
    private final int port;
    private final boolean asPostgres;

    /** The newest installed PostgreSQL bin directory holding initdb and pg_ctl, if any. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(
                            b -> version(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public TestingPostgreSqlServer() throws IOException, InterruptedException {
        this.bin = binaries()
                .orElseThrow(() -> new IllegalStateException(
                        "PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)"));
        this.asPostgres = "root".equals(System.getProperty("user.name"));
        this.directory = Files.createTempDirectory("lodestar-pg");
        this.port = freePort();
        if (asPostgres) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
            run(List.of("chown", "postgres", directory.toString()), false);
        }
        Path data = directory.resolve("data");
        Path password = directory.resolve("pw");
        Files.writeString(password, "lodestar\n", StandardCharsets.UTF_8);
        if (asPostgres) {
            run(List.of("chown", "postgres", password.toString()), false);
        }
        run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        USER,
                        "--auth=trust",
                        "--encoding=UTF8",
                        "--locale=C",
                        "--pwfile=" + password),
                true);
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        directory.resolve("server.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        "-p " + port + " -h 127.0.0.1 -k " + directory + " -F -c fsync=off",
                        "start"),
                true);
        Path createdb = bin.resolve("createdb");
        run(List.of(createdb.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, DATABASE), true);
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/lodestar}; user {@link #USER}, any password (trust). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    private void run(List<String> command, boolean postgresUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (postgresUser && asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .directory(directory.toFile())
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", full) + " did not finish in 2 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed with exit code " + process.exitValue() + ":\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(
                    List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            directory.resolve("data").toString(),
                            "-m",
                            "immediate",
                            "-w",
                            "stop"),
                    true);
        } finally {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
