package dev.lodestar.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.core.config.ConfigFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Identity settings from the data directory's {@code identity.yaml} (or {@code identity.json}),
 * applied over {@link IdentityConfig#defaults()}; without a file the defaults hold.
 *
 * <pre>{@code
 * defaultRegion: CN          # phones written without a country code
 * sharedThreshold: 3         # an identifier seen on more persons stops merging
 * blockedValues: ["test", "13800000000"]
 * blockedPatterns: ["^1{11}$"]
 * types:
 *   - name: douyin_openid    # a custom type: identify traits of this name link, lookups accept it
 *     priority: 55           # smaller is stronger (user_id 0, phone 10, email 20, ... anonymous_id 60)
 *     maxPerPerson: 3
 *     unique: false          # true: issued to one person by its system, never "shared"
 *     kind: id               # id | id_ignore_case | phone | email
 *   - name: phone            # a built-in type with other limits
 *     maxPerPerson: 2
 * }</pre>
 *
 * Unknown keys and bad values are refused with a message naming the file and the field.
 */
public final class IdentityConfigFile {
    /** The file names looked for, in this order. */
    public static final List<String> NAMES = List.of("identity.yaml", "identity.yml", "identity.json");

    private static final Set<String> TOP_KEYS =
            Set.of("defaultRegion", "sharedThreshold", "blockedValues", "blockedPatterns", "types");
    private static final Set<String> TYPE_KEYS = Set.of("name", "priority", "maxPerPerson", "unique", "kind");

    private IdentityConfigFile() {}

    /** The settings of a data directory: its file over the defaults, or the defaults. */
    public static IdentityConfig load(Path dataDirectory) {
        return ConfigFile.find(dataDirectory, NAMES)
                .map(IdentityConfigFile::read)
                .orElseGet(IdentityConfig::defaults);
    }

    /** Reads one file over the defaults. */
    public static IdentityConfig read(Path file) {
        JsonNode root = ConfigFile.readMapping(file, TOP_KEYS);
        IdentityConfig config = IdentityConfig.defaults();
        if (root == null) {
            return config;
        }
        try {
            if (root.has("defaultRegion")) {
                config = config.withDefaultRegion(ConfigFile.text(file, root.get("defaultRegion"), "defaultRegion")
                        .toUpperCase(Locale.ROOT));
            }
            if (root.has("sharedThreshold")) {
                config = config.withSharedThreshold(number(file, root.get("sharedThreshold"), "sharedThreshold"));
            }
            if (root.has("blockedValues")) {
                config = config.withBlockedValues(texts(file, root.get("blockedValues"), "blockedValues"));
            }
            if (root.has("blockedPatterns")) {
                for (String pattern : texts(file, root.get("blockedPatterns"), "blockedPatterns")) {
                    try {
                        config = config.withBlockedPattern(pattern);
                    } catch (PatternSyntaxException e) {
                        throw ConfigFile.fail(
                                file,
                                "blockedPatterns: '" + pattern + "' is not a regular expression: "
                                        + e.getDescription());
                    }
                }
            }
            if (root.has("types")) {
                JsonNode types = root.get("types");
                if (!types.isArray()) {
                    throw ConfigFile.fail(file, "types must be a list of {name, priority, maxPerPerson, unique, kind}");
                }
                for (int i = 0; i < types.size(); i++) {
                    config = config.withType(type(file, types.get(i), "types[" + i + "]", config));
                }
            }
        } catch (IllegalArgumentException e) {
            throw ConfigFile.fail(file, e.getMessage());
        }
        return config;
    }

    private static IdentityTypeSpec type(Path file, JsonNode node, String where, IdentityConfig config) {
        if (!node.isObject()) {
            throw ConfigFile.fail(file, where + " must be a mapping with keys " + TYPE_KEYS);
        }
        ConfigFile.checkKeys(file, node, TYPE_KEYS, where + ".");
        String name = ConfigFile.text(file, node.get("name"), where + ".name");
        if (!name.matches("[a-z][a-z0-9_]{0,39}")) {
            throw ConfigFile.fail(
                    file,
                    where + ".name '" + name
                            + "' must be 1 to 40 lower-case letters, digits or '_', starting with a letter");
        }
        IdentityTypeSpec base = config.spec(new IdentityType(name)).orElse(null);
        int priority = node.has("priority")
                ? number(file, node.get("priority"), where + ".priority")
                : base != null ? base.priority() : 100;
        int max = node.has("maxPerPerson")
                ? number(file, node.get("maxPerPerson"), where + ".maxPerPerson")
                : base != null ? base.maxPerPerson() : 5;
        boolean unique;
        if (node.has("unique")) {
            if (!node.get("unique").isBoolean()) {
                throw ConfigFile.fail(file, where + ".unique must be true or false, found " + node.get("unique"));
            }
            unique = node.get("unique").booleanValue();
        } else {
            unique = base != null && base.unique();
        }
        ValueKind kind = base != null ? base.kind() : ValueKind.ID;
        if (node.has("kind")) {
            String text = ConfigFile.text(file, node.get("kind"), where + ".kind");
            try {
                kind = ValueKind.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ConfigFile.fail(
                        file, where + ".kind '" + text + "' is not one of id, id_ignore_case, phone, email");
            }
            if (base != null && kind != base.kind()) {
                throw ConfigFile.fail(file, where + ": the kind of the built-in type '" + name + "' cannot change");
            }
        }
        if (name.equals(IdentityType.USER_ID.name()) && max != 1) {
            throw ConfigFile.fail(file, where + ": user_id keeps at most one per person (two user ids never merge)");
        }
        return new IdentityTypeSpec(new IdentityType(name), priority, max, unique, kind);
    }

    private static int number(Path file, JsonNode node, String what) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ConfigFile.fail(file, what + " must be a whole number, found " + node);
        }
        return node.intValue();
    }

    private static List<String> texts(Path file, JsonNode node, String what) {
        if (!node.isArray()) {
            throw ConfigFile.fail(file, what + " must be a list of text");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            values.add(ConfigFile.text(file, value, what + " entry"));
        }
        return values;
    }
}
