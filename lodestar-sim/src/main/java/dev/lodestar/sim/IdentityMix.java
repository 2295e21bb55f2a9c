package dev.lodestar.sim;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;

/**
 * Shares of identity situations and of messy formats. Every share is a probability per person (or
 * per CRM row for the phone formats) and is checked by the tests against the output.
 *
 * @param anonymousFirstShare persons who browse anonymously before they sign up
 * @param secondDeviceShare signed-up persons who later use a second device
 * @param visitorSignUpShare persons who never buy but still sign up
 * @param emailShare signed-up persons with an e-mail address
 * @param wechatFollowShare persons who follow the WeChat official account (have an OpenID there)
 * @param unionIdShare persons with a WeChat OpenID whose UnionID is known
 * @param crmInvalidPhoneShare CRM rows whose phone number is invalid (wrong length, bad prefix, junk)
 * @param crmDuplicateShare CRM members exported a second time (with another phone format)
 * @param phoneFormats relative weights of the phone formats in the CRM export
 */
public record IdentityMix(
        double anonymousFirstShare,
        double secondDeviceShare,
        double visitorSignUpShare,
        double emailShare,
        double wechatFollowShare,
        double unionIdShare,
        double crmInvalidPhoneShare,
        double crmDuplicateShare,
        Map<PhoneFormat, Double> phoneFormats) {

    public IdentityMix {
        checkShare(anonymousFirstShare, "anonymousFirstShare");
        checkShare(secondDeviceShare, "secondDeviceShare");
        checkShare(visitorSignUpShare, "visitorSignUpShare");
        checkShare(emailShare, "emailShare");
        checkShare(wechatFollowShare, "wechatFollowShare");
        checkShare(unionIdShare, "unionIdShare");
        checkShare(crmInvalidPhoneShare, "crmInvalidPhoneShare");
        checkShare(crmDuplicateShare, "crmDuplicateShare");
        requireNonNull(phoneFormats, "phoneFormats is null");
        EnumMap<PhoneFormat, Double> copy = new EnumMap<>(PhoneFormat.class);
        for (PhoneFormat format : PhoneFormat.values()) {
            double weight = phoneFormats.getOrDefault(format, 0.0);
            if (weight < 0) {
                throw new IllegalArgumentException("phone format weight must be >= 0, found " + weight);
            }
            copy.put(format, weight);
        }
        if (copy.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("at least one phone format needs a positive weight");
        }
        phoneFormats = Map.copyOf(copy);
    }

    private static void checkShare(double share, String name) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], found " + share);
        }
    }

    /** The defaults documented in the module README. */
    public static IdentityMix defaults() {
        EnumMap<PhoneFormat, Double> formats = new EnumMap<>(PhoneFormat.class);
        formats.put(PhoneFormat.PLAIN, 0.40);
        formats.put(PhoneFormat.SPACED_3_4_4, 0.12);
        formats.put(PhoneFormat.DASHED_3_4_4, 0.05);
        formats.put(PhoneFormat.PLUS86_DASHED, 0.08);
        formats.put(PhoneFormat.PLUS86, 0.08);
        formats.put(PhoneFormat.ZERO_ZERO_86, 0.06);
        formats.put(PhoneFormat.PAREN_PLUS86, 0.06);
        formats.put(PhoneFormat.FULL_WIDTH, 0.05);
        formats.put(PhoneFormat.STRAY_SPACES, 0.10);
        return new IdentityMix(0.60, 0.15, 0.35, 0.30, 0.45, 0.70, 0.02, 0.03, formats);
    }

    /** Normalised share of one phone format among valid CRM phone numbers. */
    public double phoneFormatShare(PhoneFormat format) {
        double total =
                phoneFormats.values().stream().mapToDouble(Double::doubleValue).sum();
        return phoneFormats.get(format) / total;
    }
}
