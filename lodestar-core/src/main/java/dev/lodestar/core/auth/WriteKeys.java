package dev.lodestar.core.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Write keys (one per source), kept in {@code write-keys.json} in the data directory rather than in
 * the database, so that the CLI can create and revoke keys while a server runs: the server
 * re-reads the file when it changes. Writes go to a temporary file renamed into place.
 */
public final class WriteKeys {
    public static final String FILE_NAME = "write-keys.json";
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<List<WriteKey>> LIST = new TypeReference<>() {};

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
    private volatile Snapshot snapshot = new Snapshot(null, List.of());

    /**
     * One key.
     *
     * @param key the secret sent by clients
     * @param source the source's name, recorded on its events
     * @param createdAt when it was created
     * @param revokedAt when it was revoked, or null
     */
    public record WriteKey(String key, String source, Instant createdAt, Instant revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    private record Snapshot(FileTime modified, List<WriteKey> keys) {}

    public WriteKeys(Path dataDirectory) {
        this.file = dataDirectory.resolve(FILE_NAME);
    }

    /** All keys, revoked ones included. */
    public List<WriteKey> list() {
        return current().keys();
    }

    /** Looks a key up, re-reading the file if it changed. */
    public Optional<WriteKey> find(String key) {
        for (WriteKey candidate : current().keys()) {
            if (candidate.key().equals(key)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Creates a key for a source. */
    public WriteKey create(String source) {
        if (source == null || source.isBlank()) {
            throw new LodestarException(ErrorCode.INVALID_ARGUMENT, "a write key needs a source name");
        }
        StringBuilder key = new StringBuilder("lsk_");
        for (int i = 0; i < 32; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        WriteKey created = new WriteKey(key.toString(), source.strip(), Instant.now(), null);
        update(keys -> keys.add(created));
        return created;
    }

    /** Revokes a key; its clients are refused from then on. */
    public WriteKey revoke(String key) {
        WriteKey[] revoked = new WriteKey[1];
        update(keys -> {
            for (int i = 0; i < keys.size(); i++) {
                WriteKey k = keys.get(i);
                if (k.key().equals(key)) {
                    revoked[0] = k.revoked() ? k : new WriteKey(k.key(), k.source(), k.createdAt(), Instant.now());
                    keys.set(i, revoked[0]);
                }
            }
        });
        if (revoked[0] == null) {
            throw new LodestarException(ErrorCode.NOT_FOUND, "no write key '" + key + "'");
        }
        return revoked[0];
    }

    private interface Change {
        void apply(List<WriteKey> keys);
    }

    private synchronized void update(Change change) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel lockChannel = FileChannel.open(
                            file.resolveSibling(FILE_NAME + ".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    FileLock ignored = lockChannel.lock()) {
                List<WriteKey> keys = new ArrayList<>(read());
                change.apply(keys);
                Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
                try (FileChannel out = FileChannel.open(
                        temporary,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
                    out.write(java.nio.ByteBuffer.wrap(
                            mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(keys)));
                    out.force(true);
                }
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            snapshot = new Snapshot(null, List.of());
        } catch (IOException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private Snapshot current() {
        try {
            FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
            Snapshot seen = snapshot;
            if (modified.equals(seen.modified())) {
                return seen;
            }
            Snapshot fresh = new Snapshot(modified, read());
            snapshot = fresh;
            return fresh;
        } catch (IOException e) {
            throw new LodestarException(ErrorCode.STORAGE_FAILURE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private List<WriteKey> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return List.copyOf(mapper.readValue(file.toFile(), LIST));
    }
}
