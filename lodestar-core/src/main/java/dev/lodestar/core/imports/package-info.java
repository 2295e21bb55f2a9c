/**
 * Imports of person and event data from files and databases: readers that turn a source into rows
 * ({@link dev.lodestar.core.imports.RowSource}), the mapping of columns to identities, traits,
 * consent and events ({@link dev.lodestar.core.imports.ImportMapping}, inferred by {@link
 * dev.lodestar.core.imports.MappingInference}), the conversion of rows into {@link
 * dev.lodestar.core.imports.ImportRecord}s or rejections ({@link
 * dev.lodestar.core.imports.RowConverter}), the dry-run {@link
 * dev.lodestar.core.imports.DataQualityReport} and the {@link dev.lodestar.core.imports.ImportSink}
 * a store implements. See docs/imports.md.
 */
package dev.lodestar.core.imports;
