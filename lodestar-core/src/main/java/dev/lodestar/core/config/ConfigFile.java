package dev.lodestar.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reading a settings file of the data directory (YAML, or JSON by its extension) with messages that
 * name the file and the key: the shared part of {@code identity.yaml} and {@code scores.yaml}.
 */
public final class ConfigFile {
    private ConfigFile() {}

    /** The first of {@code names} that is a file in {@code directory}. */
    public static Optional<Path> find(Path directory, List<String> names) {
        for (String name : names) {
            Path file = directory.resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** The file's tree: a mapping, or null when the file is empty. */
    public static JsonNode readMapping(Path file, Set<String> keys) {
        JsonNode root;
        try {
            ObjectMapper mapper =
                    file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw fail(file, "cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        if (!root.isObject()) {
            throw fail(file, "must hold a mapping with keys " + keys);
        }
        checkKeys(file, root, keys, "");
        return root;
    }

    /** Refuses a key of {@code node} that is not in {@code allowed}. */
    public static void checkKeys(Path file, JsonNode node, Set<String> allowed, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw fail(file, "unknown key '" + prefix + key + "' (expected one of " + allowed + ")");
            }
        }
    }

    /** Non-blank text, stripped. */
    public static String text(Path file, JsonNode node, String what) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw fail(file, what + " must be text, found " + node);
        }
        return node.asText().strip();
    }

    public static LodestarException fail(Path file, String message) {
        return new LodestarException(ErrorCode.INVALID_ARGUMENT, file + ": " + message);
    }
}
