package dev.lodestar.core.segment;

import static java.util.Objects.requireNonNull;

import dev.lodestar.core.identity.Identity;
import dev.lodestar.core.identity.IdentityType;
import dev.lodestar.core.identity.Normalized;
import dev.lodestar.core.person.PersonService;
import dev.lodestar.core.person.PersonService.Person;
import dev.lodestar.spi.ErrorCode;
import dev.lodestar.spi.LodestarException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves an uploaded list of identifiers, in any format, to persons: the source of a static
 * segment built from a CRM or ad-platform list.
 *
 * <p>Each line holds one identifier; a value may say its type ({@code phone:138 0013 8000}, {@code
 * email:a@b.cn}, {@code crm_id:CRM00000001}, any configured type); otherwise it is tried as an
 * e-mail when it contains {@code @}, then as a phone number, then as each other configured type,
 * and the first type under which a person is known wins. A first line naming a type ({@code phone},
 * {@code 手机号}, {@code email}, …) is taken as a header that sets the type of every line. Empty
 * lines are skipped; a trailing comma-separated part of a line (a CSV with more columns) is ignored.
 */
public final class IdentifierList {
    /** Most lines one list may hold. */
    public static final int MAX_LINES = 1_000_000;

    private static final List<String> PHONE_HEADERS = List.of("phone", "mobile", "手机", "手机号", "手机号码", "电话");
    private static final List<String> EMAIL_HEADERS = List.of("email", "e-mail", "mail", "邮箱", "电子邮箱");

    /**
     * The outcome.
     *
     * @param persons the distinct persons found, in the order first found
     * @param unmatched up to 100 values that are valid but belong to no known person
     * @param invalid up to 100 values that are not a valid identifier, with the reason
     */
    public record Result(
            List<String> persons,
            long lines,
            long matched,
            long unmatchedCount,
            List<String> unmatched,
            long invalidCount,
            List<String> invalid) {}

    private final PersonService persons;

    public IdentifierList(PersonService persons) {
        this.persons = requireNonNull(persons, "persons is null");
    }

    public Result resolve(List<String> lines) {
        if (lines.size() > MAX_LINES) {
            throw new LodestarException(
                    ErrorCode.INVALID_ARGUMENT,
                    "the list has " + lines.size() + " lines; at most " + MAX_LINES + " are accepted");
        }
        persons.sync();
        Set<String> found = new LinkedHashSet<>();
        List<String> unmatched = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        long matched = 0;
        long unmatchedCount = 0;
        long invalidCount = 0;
        long counted = 0;
        IdentityType headerType = null;
        for (int i = 0; i < lines.size(); i++) {
            String value = firstColumn(lines.get(i));
            if (value.isEmpty()) {
                continue;
            }
            if (i == 0 || counted == 0 && headerType == null) {
                Optional<IdentityType> header = header(value);
                if (header.isPresent()) {
                    headerType = header.get();
                    continue;
                }
            }
            counted++;
            Lookup lookup = lookup(value, headerType);
            if (lookup.person() != null) {
                matched++;
                found.add(lookup.person());
            } else if (lookup.problem() != null) {
                invalidCount++;
                if (invalid.size() < 100) {
                    invalid.add(value + ": " + lookup.problem());
                }
            } else {
                unmatchedCount++;
                if (unmatched.size() < 100) {
                    unmatched.add(value);
                }
            }
        }
        return new Result(
                List.copyOf(found),
                counted,
                matched,
                unmatchedCount,
                List.copyOf(unmatched),
                invalidCount,
                List.copyOf(invalid));
    }

    private record Lookup(String person, String problem) {}

    private Lookup lookup(String value, IdentityType forced) {
        int colon = value.indexOf(':');
        if (forced == null && colon > 0) {
            Optional<IdentityType> typed =
                    persons.type(value.substring(0, colon).strip());
            if (typed.isPresent()) {
                return lookupAs(typed.get(), value.substring(colon + 1).strip());
            }
        }
        if (forced != null) {
            return lookupAs(forced, value);
        }
        List<IdentityType> order = new ArrayList<>();
        if (value.contains("@")) {
            order.add(IdentityType.EMAIL);
        } else {
            order.add(IdentityType.PHONE);
        }
        for (var spec : persons.normalizer().config().types().values()) {
            if (!order.contains(spec.type()) && !spec.type().equals(IdentityType.EMAIL)) {
                order.add(spec.type());
            }
        }
        String firstProblem = null;
        boolean anyValid = false;
        for (IdentityType type : order) {
            Lookup lookup = lookupAs(type, value);
            if (lookup.person() != null) {
                return lookup;
            }
            if (lookup.problem() == null) {
                anyValid = true;
            } else if (firstProblem == null) {
                firstProblem = lookup.problem();
            }
        }
        return new Lookup(null, anyValid ? null : firstProblem);
    }

    private Lookup lookupAs(IdentityType type, String raw) {
        Normalized normalized = persons.normalizer().normalize(type, raw);
        if (!(normalized instanceof Normalized.Valid valid)) {
            return new Lookup(null, ((Normalized.Invalid) normalized).reason());
        }
        Identity identity = valid.identity();
        return new Lookup(persons.find(identity).map(Person::id).orElse(null), null);
    }

    private Optional<IdentityType> header(String value) {
        String name = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (PHONE_HEADERS.contains(name)) {
            return Optional.of(IdentityType.PHONE);
        }
        if (EMAIL_HEADERS.contains(name)) {
            return Optional.of(IdentityType.EMAIL);
        }
        return persons.type(name);
    }

    private static String firstColumn(String line) {
        String value = line.replace("\uFEFF", "");
        int comma = value.indexOf(',');
        if (comma >= 0) {
            value = value.substring(0, comma);
        }
        value = value.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        return value;
    }
}
