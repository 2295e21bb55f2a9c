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
            // 1: events, persons
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
                        properties   JSON NOT NULL,
                        traits       JSON NOT NULL,
                        context      JSON NOT NULL,
                        source       VARCHAR
                    )""",
                    """
                    CREATE TABLE persons (
                        person_key VARCHAR PRIMARY KEY,
                        traits     JSON NOT NULL,
                        created_at TIMESTAMP NOT NULL,
                        updated_at TIMESTAMP NOT NULL
                    )"""));

    static int latestVersion() {
        return ALL.size();
    }
}
