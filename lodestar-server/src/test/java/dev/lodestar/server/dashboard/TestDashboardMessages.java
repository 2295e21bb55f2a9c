package dev.lodestar.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's two bundles must have the same keys and the same placeholders. */
class TestDashboardMessages {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @Test
    void bundlesHaveTheSameKeysAndPlaceholders() {
        ResourceBundle english = bundle(Locale.ENGLISH);
        ResourceBundle chinese = bundle(Locale.SIMPLIFIED_CHINESE);
        assertThat(new TreeSet<>(chinese.keySet())).isEqualTo(new TreeSet<>(english.keySet()));
        for (String key : english.keySet()) {
            assertThat(placeholders(chinese.getString(key)))
                    .as("placeholders of %s", key)
                    .isEqualTo(placeholders(english.getString(key)));
        }
        assertThat(chinese.getString("app.name")).isEqualTo("北极星");
        assertThat(english.getString("app.name")).isEqualTo("Lodestar");
    }

    private static Set<String> placeholders(String message) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(message);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(
                "i18n.messages",
                locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
