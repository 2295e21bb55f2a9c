/**
 * Person scores on DuckDB: RFM, value tiers, activity state, lifecycle stage and interest tags in
 * the derived tables {@code person_scores} and {@code person_interests} ({@link
 * dev.lodestar.engine.duckdb.scores.DuckDbPersonScores}), the reports over them (RFM grid, value
 * tiers, segment migration) and the multi-dimension matrix ({@link
 * dev.lodestar.engine.duckdb.scores.DuckDbScoreMatrix}). Definitions: {@code docs/rfm-and-scores.md}.
 * Use one {@code DuckDbPersonScores} per database: it serialises the recomputation of the tables.
 */
package dev.lodestar.engine.duckdb.scores;
