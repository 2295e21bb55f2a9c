package dev.lodestar.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The mainland-mobile fast path must give exactly what libphonenumber's parse gives. */
class TestPhoneFastPath {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Test
    void agreesWithLibphonenumberOnRandomInputs() throws Exception {
        Normalizer normalizer = new Normalizer(IdentityConfig.defaults());
        SplittableRandom random = new SplittableRandom(9);
        String[] formats = {"%s", "+86%s", "+86 %s", "0086%s", "0086 %s", "(+86)%s", "+86-%s", "86%s", "%s "};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder digits = new StringBuilder(random.nextInt(10) < 8 ? "1" : "");
            int length = random.nextInt(10) < 8 ? 10 : random.nextInt(13);
            for (int d = 0; d < length; d++) {
                digits.append(random.nextInt(10));
            }
            String national = digits.toString();
            if (random.nextBoolean() && national.length() == 11) {
                national = national.substring(0, 3) + " " + national.substring(3, 7) + "-" + national.substring(7);
            }
            String input = String.format(formats[random.nextInt(formats.length)], national);
            Normalized fast = normalizer.normalize(IdentityType.PHONE, input);
            String expected;
            try {
                PhoneNumber parsed = PHONES.parse(input, "CN");
                expected = PHONES.isValidNumber(parsed)
                        ? PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164)
                        : null;
            } catch (com.google.i18n.phonenumbers.NumberParseException e) {
                expected = null;
            }
            if (expected == null) {
                assertThat(fast.isValid()).as(input).isFalse();
            } else {
                assertThat(fast).as(input).isEqualTo(new Normalized.Valid(Identity.of(IdentityType.PHONE, expected)));
            }
        }
    }
}
