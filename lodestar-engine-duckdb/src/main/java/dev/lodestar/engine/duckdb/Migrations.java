package dev.lodestar.engine.duckdb;

import java.util.List;

/**
 * The store's schema, as an ordered list of migrations. Migration {@code i} (1-based) brings a
 * data directory from version {@code i - 1} to {@code i}. Never edit a released migration: add a
 * new one.
 */
final class Migrations {
    private Migrations() {}

    static final List<List<String>> ALL = List.of(
            // 1: events, persons. Properties, traits and context hold JSON object text as VARCHAR:
            // every writer makes valid JSON (Jackson, or the bulk loader's check), and DuckDB's JSON
            // type would validate each value again on append, which costs more than the rest of the
            // row; the JSON functions work on VARCHAR alike.
            List.of(
                    """
                    CREATE TABLE events (
                        message_id   VARCHAR NOT NULL,
                        type         VARCHAR NOT NULL,
                        event        VARCHAR,
                        anonymous_id VARCHAR,
                        user_id      VARCHAR,
                        person_key   VARCHAR NOT NULL,
                        ts           TIMESTAMP NOT NULL,
                        original_ts  TIMESTAMP,
                        sent_at      TIMESTAMP,
                        received_at  TIMESTAMP NOT NULL,
                        url          VARCHAR,
                        revenue      DOUBLE,
                        currency     VARCHAR,
                        order_id     VARCHAR,
                        product_id   VARCHAR,
                        category     VARCHAR,
                        channel      VARCHAR,
                        group_id     VARCHAR,
                        previous_id  VARCHAR,
                        properties   VARCHAR NOT NULL,
                        traits       VARCHAR NOT NULL,
                        context      VARCHAR NOT NULL,
                        source       VARCHAR
                    )""",
                    """
                    CREATE TABLE persons (
                        person_key VARCHAR PRIMARY KEY,
                        traits     JSON NOT NULL,
                        created_at TIMESTAMP NOT NULL,
                        updated_at TIMESTAMP NOT NULL
                    )"""),
            // 2: identity resolution. Events keep the identity they were written with, as type:value,
            // and the person it forms alone; merged persons are mapped at query time. Traits move to
            // per-identity, per-source values with history.
            List.of(
                    "ALTER TABLE events ADD COLUMN person_id VARCHAR",
                    // the commit (or bulk load) that wrote the row, increasing: derived state keeps
                    // the last one it read, so nothing is read twice or missed
                    "ALTER TABLE events ADD COLUMN ingest_seq BIGINT",
                    "UPDATE events SET ingest_seq = 0",
                    """
                    UPDATE events SET person_key = CASE WHEN user_id IS NOT NULL THEN 'user_id:' || user_id
                        ELSE 'anonymous_id:' || anonymous_id END""",
                    "UPDATE events SET person_id = 'p' || left(sha256(person_key), 16)",
                    """
                    CREATE TABLE identity_observations (
                        id          VARCHAR PRIMARY KEY,
                        identities  VARCHAR[] NOT NULL,
                        kind        VARCHAR NOT NULL,
                        source      VARCHAR NOT NULL,
                        first_seen  TIMESTAMP NOT NULL,
                        last_seen   TIMESTAMP NOT NULL,
                        occurrences BIGINT NOT NULL,
                        retracted_at TIMESTAMP
                    )""",
                    """
                    CREATE TABLE person_map (
                        from_person VARCHAR NOT NULL, -- unique: written only from an in-memory map;
                        to_person   VARCHAR NOT NULL  -- no index, whose upserts cost seconds per wave
                    )""",
                    """
                    CREATE TABLE trait_values (
                        identity   VARCHAR NOT NULL,
                        name       VARCHAR NOT NULL,
                        value      JSON NOT NULL,
                        source     VARCHAR NOT NULL,
                        updated_at TIMESTAMP NOT NULL,
                        PRIMARY KEY (identity, name, source)
                    )""",
                    """
                    CREATE TABLE trait_history (
                        identity   VARCHAR NOT NULL,
                        name       VARCHAR NOT NULL,
                        value      JSON NOT NULL,
                        source     VARCHAR NOT NULL,
                        updated_at TIMESTAMP NOT NULL,
                        PRIMARY KEY (identity, name, source, updated_at)
                    )""",
                    """
                    INSERT INTO trait_values
                    SELECT CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.person_key = 'user_id:' || p.person_key)
                            THEN 'user_id:' ELSE 'anonymous_id:' END || p.person_key,
                        j.key, j.value, 'migrated', p.updated_at
                    FROM persons p, json_each(p.traits) j""",
                    "INSERT INTO trait_history SELECT * FROM trait_values",
                    "DROP TABLE persons",
                    """
                    CREATE TABLE identity_state (
                        name  VARCHAR PRIMARY KEY,
                        value VARCHAR
                    )""",
                    """
                    CREATE VIEW resolved_events AS
                    SELECT e.*, coalesce(m.to_person, e.person_id) AS person
                    FROM events e LEFT JOIN person_map m ON m.from_person = e.person_id""",
                    """
                    CREATE TABLE audit_log (
                        occurred_at TIMESTAMP NOT NULL,
                        action  VARCHAR NOT NULL,
                        subject VARCHAR,
                        details JSON
                    )"""),
            // 3: saved analyses (funnels, retention tables, trends), each kept as the JSON spec its
            // REST route accepts, so that it can be run again
            List.of(
                    "CREATE SEQUENCE saved_analyses_id START 1",
                    """
                    CREATE TABLE saved_analyses (
                        id         BIGINT PRIMARY KEY DEFAULT nextval('saved_analyses_id'),
                        kind       VARCHAR NOT NULL,
                        name       VARCHAR NOT NULL,
                        spec       VARCHAR NOT NULL,
                        created_at TIMESTAMP NOT NULL,
                        updated_at TIMESTAMP NOT NULL,
                        UNIQUE (kind, name)
                    )"""),
            // 4: saved segments with their membership history (one row per stay: a person may enter
            // and exit many times) and recorded sizes; and the person-level tables segment
            // evaluation derives from the events and the identity store (rebuilt when those change,
            // see DuckDbSegmentPersons)
            List.of(
                    """
                    CREATE TABLE segments (
                        id              VARCHAR PRIMARY KEY,
                        name            VARCHAR NOT NULL UNIQUE,
                        description     VARCHAR NOT NULL,
                        kind            VARCHAR NOT NULL,
                        condition       VARCHAR,
                        refresh_minutes INTEGER NOT NULL,
                        created_at      TIMESTAMP NOT NULL,
                        updated_at      TIMESTAMP NOT NULL
                    )""",
                    """
                    CREATE TABLE segment_members (
                        segment    VARCHAR NOT NULL,
                        person     VARCHAR NOT NULL,
                        entered_at TIMESTAMP NOT NULL,
                        exited_at  TIMESTAMP
                    )""",
                    """
                    CREATE TABLE segment_sizes (
                        segment VARCHAR NOT NULL,
                        "at"    TIMESTAMP NOT NULL, -- quoted: a keyword
                        size    BIGINT NOT NULL,
                        entered BIGINT NOT NULL,
                        exited  BIGINT NOT NULL
                    )""",
                    "CREATE TABLE segment_persons (person VARCHAR NOT NULL)",
                    """
                    CREATE TABLE segment_person_traits (
                        person VARCHAR NOT NULL,
                        name   VARCHAR NOT NULL,
                        text   VARCHAR NOT NULL,
                        number DOUBLE
                    )""",
                    """
                    CREATE TABLE segment_derived_state (
                        name  VARCHAR PRIMARY KEY,
                        value VARCHAR NOT NULL
                    )"""));

    static int latestVersion() {
        return ALL.size();
    }
}
