/**
 * The segment language: {@link dev.lodestar.core.segment.SegmentParser} reads text into a {@link
 * dev.lodestar.spi.segment.Condition} tree with positioned errors ({@link
 * dev.lodestar.core.segment.SegmentSyntaxException}), {@link dev.lodestar.core.segment.SegmentPrinter}
 * writes a tree back as canonical text, and {@link dev.lodestar.core.segment.SegmentJson} is the JSON
 * form (the {@link dev.lodestar.spi.segment.ConditionCodec} engines store conditions with). Text and
 * JSON round-trip through the tree. {@link dev.lodestar.core.segment.SegmentExplain} reads a condition
 * in plain English or Chinese. See docs/segments.md.
 */
package dev.lodestar.core.segment;
