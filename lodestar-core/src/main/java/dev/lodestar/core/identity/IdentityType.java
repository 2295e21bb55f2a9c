package dev.lodestar.core.identity;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The kind of an identifier, by name. The built-in types are constants; custom types (a loyalty
 * card number, a store-specific member id) are declared in {@link IdentityConfig} with an {@link
 * IdentityTypeSpec}.
 */
public record IdentityType(String name) implements Comparable<IdentityType> {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public static final IdentityType USER_ID = new IdentityType("user_id");
    public static final IdentityType ANONYMOUS_ID = new IdentityType("anonymous_id");
    public static final IdentityType PHONE = new IdentityType("phone");
    public static final IdentityType EMAIL = new IdentityType("email");
    public static final IdentityType WECHAT_OPENID = new IdentityType("wechat_openid");
    public static final IdentityType WECHAT_UNIONID = new IdentityType("wechat_unionid");
    public static final IdentityType CRM_ID = new IdentityType("crm_id");

    public IdentityType {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("identity type name '" + name
                    + "' is not valid (expected lower case letters, digits and _, e.g. loyalty_card)");
        }
    }

    @Override
    public int compareTo(IdentityType other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
