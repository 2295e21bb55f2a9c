package dev.lodestar.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level keys of a JSON object with their values as text (strings unescaped, numbers and
 * booleans as written, null as absent, nested values as their JSON text). Small on purpose: the
 * test tree has no JSON library, and references must not share code with engines.
 */
final class FlatJson {
    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    static Map<String, String> parse(String json) {
        return parse(json, false);
    }

    /** The top-level values as their JSON text (strings keep their quotes); null as absent. */
    static Map<String, String> parseRaw(String json) {
        return parse(json, true);
    }

    private static Map<String, String> parse(String json, boolean raw) {
        FlatJson p = new FlatJson(json);
        Map<String, String> values = new HashMap<>();
        p.skipSpace();
        p.expect('{');
        p.skipSpace();
        if (p.peek() == '}') {
            return values;
        }
        while (true) {
            p.skipSpace();
            String key = p.string();
            p.skipSpace();
            p.expect(':');
            p.skipSpace();
            String value;
            char c = p.peek();
            if (c == '"' && !raw) {
                value = p.string();
            } else {
                int begin = p.at;
                p.skipValue();
                value = json.substring(begin, p.at).trim();
                if (value.equals("null")) {
                    value = null;
                }
            }
            if (value != null) {
                values.put(key, value);
            }
            p.skipSpace();
            if (p.peek() == ',') {
                p.at++;
                continue;
            }
            p.expect('}');
            return values;
        }
    }

    /** The JSON text of each element of a JSON array. */
    static List<String> elements(String json) {
        FlatJson p = new FlatJson(json);
        List<String> elements = new ArrayList<>();
        p.skipSpace();
        p.expect('[');
        p.skipSpace();
        if (p.peek() == ']') {
            return elements;
        }
        while (true) {
            p.skipSpace();
            int begin = p.at;
            p.skipValue();
            elements.add(json.substring(begin, p.at).trim());
            if (p.peek() == ',') {
                p.at++;
                continue;
            }
            p.expect(']');
            return elements;
        }
    }

    private char peek() {
        return text.charAt(at);
    }

    private void expect(char c) {
        if (text.charAt(at) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + " in " + text);
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private void skipValue() {
        int depth = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"') {
                string();
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return;
            }
            at++;
        }
    }
}
