/**
 * The Mongo-style query language: JSON filters and sorts parsed into a sealed AST of records
 * ({@link dev.homebase.server.query.Filter}, {@link dev.homebase.server.query.Sort}) and compiled
 * to {@link dev.homebase.server.store.SqlFragment}s by
 * {@link dev.homebase.server.query.QueryCompiler} through a per-database
 * {@link dev.homebase.server.query.QueryDialect}; aggregate requests parsed into an
 * {@link dev.homebase.server.query.AggregateSpec} and compiled by
 * {@link dev.homebase.server.query.AggregateCompiler} through the same dialect.
 *
 * <p>Owns: parsing, limits (depth, clause count, list and string lengths, number range, the
 * size and shape of regular expressions: {@code RegexComplexity}), the field-path
 * allow-list and MongoDB semantics (array matching, dot paths through arrays ({@code ArrayPaths}),
 * null/missing, type bracketing, type order), and {@link dev.homebase.server.query.HiddenFields}: the
 * caller's own filters and sorts see a field it may not read as missing (the entity layer says which
 * fields), and {@link dev.homebase.server.query.ScalarFields}: conditions on fields expected to hold
 * scalars compile to the plain expressions their indexes are built on, gated by an array probe so
 * that results never change (the entity layer says which fields). Has no schema knowledge. May import {@code store.SqlFragment} and Jackson; the dialect
 * implementations live in {@code store/sqlite} and {@code store/postgres}.
 */
package dev.homebase.server.query;
