package dev.lodestar.core.identity;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Identity-resolution settings: the identity types with their priority and limits, the blocked
 * values, the default phone region and the shared-identifier threshold. Immutable; start from
 * {@link #defaults()} and change with the {@code with...} methods.
 *
 * @param types the identity types by name
 * @param blockedValues values refused for every type, compared case-insensitively after trimming
 * @param blockedPatterns values refused for every type when a pattern matches the whole trimmed value
 * @param defaultRegion ISO 3166 region for phone numbers written without a country code
 * @param sharedThreshold an identifier seen on more than this many persons stops merging
 */
public record IdentityConfig(
        Map<String, IdentityTypeSpec> types,
        Set<String> blockedValues,
        List<Pattern> blockedPatterns,
        String defaultRegion,
        int sharedThreshold) {

    /** Segment Unify's blocked values plus a few more placeholders seen in exports. */
    public static final Set<String> DEFAULT_BLOCKED_VALUES =
            Set.of("-1", "null", "anonymous", "undefined", "nil", "none", "nan", "n/a", "unknown", "无");

    /** Only zeros and dashes (also the empty value). */
    public static final String DEFAULT_BLOCKED_PATTERN = "^[0-]*$";

    public IdentityConfig {
        requireNonNull(types, "types is null");
        requireNonNull(blockedValues, "blockedValues is null");
        requireNonNull(blockedPatterns, "blockedPatterns is null");
        requireNonNull(defaultRegion, "defaultRegion is null");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("at least one identity type is needed");
        }
        types.forEach((name, spec) -> {
            if (!name.equals(spec.type().name())) {
                throw new IllegalArgumentException("type key '" + name + "' does not match its spec " + spec);
            }
        });
        if (sharedThreshold < 1) {
            throw new IllegalArgumentException("sharedThreshold must be >= 1, found " + sharedThreshold);
        }
        if (!defaultRegion.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException(
                    "defaultRegion '" + defaultRegion + "' is not an ISO 3166 region code (expected e.g. CN)");
        }
        types = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(types));
        Set<String> lower = new TreeSet<>();
        for (String v : blockedValues) {
            lower.add(v.strip().toLowerCase(Locale.ROOT));
        }
        blockedValues = Set.copyOf(lower);
        blockedPatterns = List.copyOf(blockedPatterns);
    }

    /**
     * User id, phone, e-mail, WeChat UnionID, CRM id, WeChat OpenID, anonymous id, in this priority
     * order; one user id and five of each other type per person; region CN; threshold 3.
     */
    public static IdentityConfig defaults() {
        List<IdentityTypeSpec> specs = List.of(
                new IdentityTypeSpec(IdentityType.USER_ID, 0, 1, true, ValueKind.ID),
                new IdentityTypeSpec(IdentityType.PHONE, 10, 5, false, ValueKind.PHONE),
                new IdentityTypeSpec(IdentityType.EMAIL, 20, 5, false, ValueKind.EMAIL),
                new IdentityTypeSpec(IdentityType.WECHAT_UNIONID, 30, 5, false, ValueKind.ID),
                new IdentityTypeSpec(IdentityType.CRM_ID, 40, 5, true, ValueKind.ID),
                new IdentityTypeSpec(IdentityType.WECHAT_OPENID, 50, 5, false, ValueKind.ID),
                new IdentityTypeSpec(IdentityType.ANONYMOUS_ID, 60, 5, false, ValueKind.ID));
        return new IdentityConfig(
                byName(specs), DEFAULT_BLOCKED_VALUES, List.of(Pattern.compile(DEFAULT_BLOCKED_PATTERN)), "CN", 3);
    }

    private static Map<String, IdentityTypeSpec> byName(Collection<IdentityTypeSpec> specs) {
        Map<String, IdentityTypeSpec> map = new LinkedHashMap<>();
        for (IdentityTypeSpec spec : specs) {
            if (map.put(spec.type().name(), spec) != null) {
                throw new IllegalArgumentException("identity type " + spec.type() + " is declared twice");
            }
        }
        return map;
    }

    public Optional<IdentityTypeSpec> spec(IdentityType type) {
        return Optional.ofNullable(types.get(type.name()));
    }

    /** The spec of a type, or an exception naming the declared types. */
    public IdentityTypeSpec requireSpec(IdentityType type) {
        IdentityTypeSpec spec = types.get(type.name());
        if (spec == null) {
            throw new IllegalArgumentException(
                    "identity type '" + type + "' is not declared (declared: " + types.keySet() + ")");
        }
        return spec;
    }

    /** Adds or replaces a type (a custom type, or other limits for a built-in one). */
    public IdentityConfig withType(IdentityTypeSpec spec) {
        Map<String, IdentityTypeSpec> map = new LinkedHashMap<>(types);
        map.put(spec.type().name(), spec);
        return new IdentityConfig(map, blockedValues, blockedPatterns, defaultRegion, sharedThreshold);
    }

    public IdentityConfig withBlockedValues(Collection<String> values) {
        Set<String> all = new TreeSet<>(blockedValues);
        all.addAll(values);
        return new IdentityConfig(types, all, blockedPatterns, defaultRegion, sharedThreshold);
    }

    public IdentityConfig withBlockedPattern(String regex) {
        List<Pattern> all = new ArrayList<>(blockedPatterns);
        all.add(Pattern.compile(regex));
        return new IdentityConfig(types, blockedValues, all, defaultRegion, sharedThreshold);
    }

    public IdentityConfig withDefaultRegion(String region) {
        return new IdentityConfig(types, blockedValues, blockedPatterns, region, sharedThreshold);
    }

    public IdentityConfig withSharedThreshold(int threshold) {
        return new IdentityConfig(types, blockedValues, blockedPatterns, defaultRegion, threshold);
    }
}
