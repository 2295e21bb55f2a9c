package dev.lodestar.core.imports;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * How the columns of a source become identities, person traits, consent and (optionally) one event
 * per row. Read from YAML or JSON with {@link MappingFiles}, or proposed by {@link MappingInference}.
 * Columns are named by their header text, exactly as in the source (Chinese headers work).
 *
 * @param source the source name recorded with observations and traits (default: the file name)
 * @param zone the time zone of date-times written without an offset (default Asia/Shanghai)
 * @param identities columns holding identifiers; a row needs at least one valid identity
 * @param traits columns that become person traits
 * @param consent columns that say whether a person consents to a channel
 * @param event when present, every row is also an event
 * @param updatedAt a column with the time the row's traits were last changed in the source: traits
 *     are last-write-wins by this time (by the import time when absent)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"source", "zone", "identities", "traits", "consent", "event", "updatedAt"})
public record ImportMapping(
        String source,
        String zone,
        List<IdentityColumn> identities,
        List<TraitColumn> traits,
        List<ConsentColumn> consent,
        EventMapping event,
        DateColumn updatedAt) {

    public static final String DEFAULT_ZONE = "Asia/Shanghai";

    public ImportMapping {
        identities = identities == null ? List.of() : List.copyOf(identities);
        traits = traits == null ? List.of() : List.copyOf(traits);
        consent = consent == null ? List.of() : List.copyOf(consent);
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(
                        "zone '" + zone + "' is not a time-zone id (expected e.g. Asia/Shanghai or +08:00)");
            }
        }
        if (identities.isEmpty()) {
            throw new IllegalArgumentException(
                    "the mapping has no identities (expected at least one column, e.g. {column: 手机号, type: phone})");
        }
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone == null ? DEFAULT_ZONE : zone);
    }

    /** A column holding an identifier of the given identity type (phone, email, crm_id, ...). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IdentityColumn(String column, String type, Boolean required) {
        public IdentityColumn {
            requireNonNull(column, "identity column is null");
            requireNonNull(type, "identity type of column '" + column + "' is null");
        }

        /** A row whose value here is missing or invalid is rejected (otherwise the value is skipped). */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isRequired() {
            return Boolean.TRUE.equals(required);
        }
    }

    /**
     * A column that becomes a trait.
     *
     * @param formats accepted date formats (java.time patterns such as {@code yyyy/M/d H:mm}, or
     *     {@code iso}, {@code excel}, {@code epoch_seconds}, {@code epoch_millis}); default: {@link
     *     DateFormats#DEFAULTS}
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"column", "name", "type", "formats"})
    public record TraitColumn(String column, String name, TraitType type, List<String> formats) {
        public TraitColumn {
            requireNonNull(column, "trait column is null");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("trait of column '" + column + "' has no name");
            }
            type = type == null ? TraitType.STRING : type;
            formats = formats == null ? List.of() : List.copyOf(formats);
        }
    }

    /**
     * A column that says whether the person consents to a channel.
     *
     * @param granted values meaning consent (added to the built-in yes/是/已关注/subscribed ...)
     * @param revoked values meaning no consent (added to no/否/已取消关注/unsubscribed ...)
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ConsentColumn(String column, ConsentChannel channel, List<String> granted, List<String> revoked) {
        public ConsentColumn {
            requireNonNull(column, "consent column is null");
            requireNonNull(channel, "consent channel of column '" + column + "' is null");
            granted = granted == null ? List.of() : List.copyOf(granted);
            revoked = revoked == null ? List.of() : List.copyOf(revoked);
        }
    }

    /** A column with a date or date-time and its accepted formats. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record DateColumn(String column, List<String> formats) {
        public DateColumn {
            requireNonNull(column, "date column is null");
            formats = formats == null ? List.of() : List.copyOf(formats);
        }
    }

    /**
     * Every row is one track event.
     *
     * @param name the event name (e.g. {@code Order Completed}), or null when {@code nameColumn} gives it
     * @param nameColumn a column holding the event name
     * @param timestamp when the event happened
     * @param properties columns that become event properties; name them {@code revenue}, {@code
     *     order_id}, {@code product_id}, {@code currency}, {@code category} to fill the common
     *     properties every analysis uses
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"name", "nameColumn", "timestamp", "properties"})
    public record EventMapping(String name, String nameColumn, DateColumn timestamp, List<TraitColumn> properties) {
        public EventMapping {
            if ((name == null || name.isBlank()) == (nameColumn == null || nameColumn.isBlank())) {
                throw new IllegalArgumentException(
                        "an event needs exactly one of name (a constant, e.g. Order Completed) or nameColumn");
            }
            requireNonNull(timestamp, "the event has no timestamp column (expected timestamp: {column: ...})");
            properties = properties == null ? List.of() : List.copyOf(properties);
        }
    }
}
