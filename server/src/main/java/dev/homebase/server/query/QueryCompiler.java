package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.store.SqlFragment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiles {@link Filter}s and {@link Sort}s to SQL over the {@code records} table aliased
 * {@code r}, with MongoDB semantics, using one database's {@link QueryDialect}.
 *
 * <p>System fields ({@code id}, {@code created_date}, {@code updated_date}, {@code created_by},
 * {@code created_by_id}, {@code is_sample}, and {@link #APP_FIELD}, {@link #ENTITY_FIELD},
 * {@link #ENVIRONMENT_FIELD} for access rules) address columns; every other path addresses
 * {@code r.data}. Usage: {@code SqlFragment where = new QueryCompiler(dialect).where(filter);}
 * Thread-safe.
 *
 * <p>Semantics, the same on every dialect (the contract suite proves it): equality, ranges,
 * {@code $in} and {@code $regex} match a value or any element of an array value; {@code null}
 * matches null, missing or an array holding null; negations ({@code $ne}, {@code $nin},
 * {@code $not}, {@code $nor}) match missing fields; comparisons only match values of the
 * operand's type (numbers numerically, strings by code point, false &lt; true). Sorting follows
 * MongoDB type order (null/missing, numbers, strings, objects, arrays, booleans), then
 * {@code r.id}.
 *
 * <p>Dotted paths go through arrays by MongoDB's rules (see {@link ArrayPaths}): a name applied to
 * an array applies to each element (arrays of arrays of objects included, one array level per
 * segment), a number is an array position, and a condition holds when it holds for any value the
 * path reaches ({@code $ne}, {@code $nin}, {@code $not}, {@code $exists: false}: for none). A
 * {@link Sort#throughArrays()} sort on such a path uses the least reached value ascending and the
 * greatest descending; {@link #distinct} collects every reached value. A path through plain
 * objects still compares its literal path first, so its expression index applies.
 *
 * <p>NB: known dialect differences, outside the contract: objects and arrays compare by JSON
 * text in SQLite but by JSONB rules in PostgreSQL, so equality of whole objects is key-order
 * sensitive only in SQLite and ties among objects (or among arrays) may sort differently; a
 * numeric path segment ({@code a.0}) is an array position in SQLite but also an object key
 * {@code "0"} in PostgreSQL filters; integers beyond 64 bits compare as doubles in SQLite.
 */
public final class QueryCompiler {

    private static final SqlFragment FALSE = Conditions.FALSE;

    /**
     * The record's app, for access rules that mean the record's scope. These names fail
     * {@link FieldPath}, so they never collide with a record's own fields ({@code app_id},
     * {@code entity_name} and {@code environment} are ordinary field names) and never come from a
     * request: only code builds filters on them ({@code RuleCompiler}).
     */
    public static final String APP_FIELD = "@app_id";
    /** The record's entity, for access rules; see {@link #APP_FIELD}. */
    public static final String ENTITY_FIELD = "@entity_name";
    /** The record's environment ({@code prod}/{@code dev}), for access rules; see {@link #APP_FIELD}. */
    public static final String ENVIRONMENT_FIELD = "@environment";

    private enum ColumnType { TEXT, BOOL }

    /**
     * A system column. {@code plain} columns hold fixed-format ASCII (ids, timestamps) that sorts
     * the same under any collation, so they are compared without {@code COLLATE} to keep the
     * {@code records_newest} index usable.
     */
    private record Column(String sql, ColumnType type, boolean nullable, boolean plain) {}

    private static final Map<String, Column> COLUMNS = Map.of(
            "id", new Column("r.id", ColumnType.TEXT, false, true),
            "created_date", new Column("r.created_date", ColumnType.TEXT, false, true),
            "updated_date", new Column("r.updated_date", ColumnType.TEXT, false, true),
            "created_by", new Column("r.created_by", ColumnType.TEXT, true, false),
            "created_by_id", new Column("r.created_by_id", ColumnType.TEXT, true, false),
            "is_sample", new Column("r.is_sample", ColumnType.BOOL, false, true),
            ENVIRONMENT_FIELD, new Column("r.env", ColumnType.TEXT, false, false),
            APP_FIELD, new Column("r.app_id", ColumnType.TEXT, false, false),
            ENTITY_FIELD, new Column("r.entity", ColumnType.TEXT, false, false));

    private final QueryDialect dialect;

    /** A compiler that writes SQL for {@code dialect}. */
    public QueryCompiler(QueryDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * A boolean SQL condition for {@code filter}.
     *
     * @throws QueryException for a field path that did not pass the allow-list (defensive)
     */
    public SqlFragment where(Filter filter) {
        return new Run(ScalarFields.NONE, false).filter(filter, null);
    }

    /**
     * The general form of {@code filter} over the stored records, where a condition on a field with
     * a slot column (see {@link ScalarFields#slot}) and a value of the slot's type compares the slot,
     * or, for a record holding an array in a slotted field, the general form:
     * {@code (r.s_t1 = ? OR (r.s_arrays AND <general form>))}. The same records match as with
     * {@link #where(Filter)} (a slot holds every value of its type that is not in an array), and
     * the slot's index serves the condition. Only for statements over {@code records r}. The plain form where the
     * dialect keeps the JSON expressions' indexes ({@link QueryDialect#slottedGeneralForms}).
     *
     * @throws QueryException for a field path that did not pass the allow-list (defensive)
     */
    public SqlFragment whereSlotted(Filter filter, ScalarFields slots) {
        if (!dialect.slottedGeneralForms()) return where(filter);
        return new Run(slots, false).filter(filter, null);
    }

    /**
     * A filter compiled twice: {@code scalar} uses the scalar forms on {@link ScalarFields} (the
     * plain expressions their indexes are built on), {@code general} the full MongoDB forms. They
     * agree on every record for which no condition of {@code arrayProbes} (one per field that took
     * a scalar form, each a condition on {@code r} that the field's index serves) holds; when no
     * condition took a scalar form, {@code arrayProbes} is empty and both are the general form. The
     * caller checks "some record of the scope matches a probe" once, in the same statement, and
     * filters with {@code scalar} only when none does.
     */
    public record Gated(SqlFragment scalar, SqlFragment general, List<SqlFragment> arrayProbes) {
        public Gated {
            arrayProbes = List.copyOf(arrayProbes);
        }

        /** Whether a condition took its scalar form (so the probes decide between the two). */
        public boolean gated() {
            return !arrayProbes.isEmpty();
        }
    }

    /**
     * {@code filter} compiled with the scalar forms for the fields in {@code scalars} (see
     * {@link Gated}). Equality, {@code $in} (without null) and ranges with scalar values take them;
     * every other condition, and any condition inside {@code $elemMatch}, keeps its general form.
     *
     * @throws QueryException for a field path that did not pass the allow-list (defensive)
     */
    public Gated where(Filter filter, ScalarFields scalars) {
        SqlFragment general = whereSlotted(filter, scalars);
        if (scalars.isEmpty()) return new Gated(general, general, List.of());
        Run run = new Run(scalars, true);
        run.rangesUnindexed = dialect.rangesFollowEqualities() && run.slottedEquality(filter);
        SqlFragment scalar = run.filter(filter, null);
        if (run.probed.isEmpty() && !run.slotted) return new Gated(general, general, List.of());
        List<SqlFragment> probes = new ArrayList<>();
        if (run.slotted) probes.add(SqlFragment.of("r.s_arrays")); // one probe for every slot (see ScalarFields#slot)
        for (String field : run.probed) {
            probes.add(dialect.arrayProbe(dialect.dataPath(List.of(field))));
        }
        return new Gated(scalar, general, probes);
    }

    /**
     * An ORDER BY list (without the keyword) for {@code sort}, ending with the {@code r.id}
     * tie-break in the same direction. An invalid field falls back to {@link Sort#DEFAULT}.
     */
    public SqlFragment orderBy(Sort sort) {
        List<String> items = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (SortKey key : sortKeys(sort)) {
            items.add(key.ordering());
            params.addAll(key.params());
        }
        return new SqlFragment(String.join(", ", items), params);
    }

    /**
     * The keys {@link #orderBy} renders for {@code sort}, in order, the last one {@code r.id}.
     * An invalid field falls back to {@link Sort#DEFAULT}.
     */
    public List<SortKey> sortKeys(Sort sort) {
        Sort effective = sort != null && sort.hasValidField() ? sort : Sort.DEFAULT;
        boolean desc = effective.descending();
        String path = FieldPath.unalias(effective.field());
        Column column = COLUMNS.get(path);
        SortKey id = SortKey.notNull("r.id", desc);
        if (column == null) {
            List<SortKey> keys = new ArrayList<>(dataSortKeys(FieldPath.segments(path), desc, effective.throughArrays(),
                    effective.visibleWhen()));
            keys.add(id);
            return List.copyOf(keys);
        }
        if (column.sql().equals("r.id")) return List.of(id);
        if (column.plain() || column.type() == ColumnType.BOOL) return List.of(SortKey.notNull(column.sql(), desc), id);
        return List.of(dialect.sortText(column.sql(), column.nullable(), desc), id);
    }

    /**
     * The sort keys of a data path (through arrays: see {@link Sort#throughArrays()}). Where {@code visibleWhen} (the caller's field read rule, see
     * {@link HiddenFields}) is set, each key is {@code CASE WHEN <visibleWhen> THEN <key> ELSE <the key
     * of a missing value> END}: a record whose field the caller may not read sorts as if the field
     * were missing, so the order cannot reveal the value.
     */
    private List<SortKey> dataSortKeys(List<String> segments, boolean desc, boolean throughArrays, Filter visibleWhen) {
        String slot = throughArrays && segments.size() > 1
                ? dialect.reachedExtreme(segments, desc) // MongoDB: the least reached value ascending, the greatest descending
                : dialect.dataPath(segments);
        List<SortKey> keys = dialect.valueSortKeys(slot, desc);
        if (visibleWhen == null || visibleWhen instanceof Filter.All) return keys;
        List<SortKey> missing = dialect.valueSortKeys("(CASE WHEN 1=0 THEN " + slot + " END)", desc);
        SqlFragment when = where(visibleWhen);
        List<SortKey> out = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            SortKey key = keys.get(i);
            String sql = "(CASE WHEN (" + when.sql() + ") THEN " + key.sql() + " ELSE " + missing.get(i).sql() + " END)";
            out.add(new SortKey(sql, key.descending(), key.nullable(), key.nullsFirst(), key.nullsClause(), key.param(), when.params()));
        }
        return List.copyOf(out);
    }

    /**
     * The expression filters on {@code field} compare (over {@code r}): a system column, or the
     * dialect's {@link QueryDialect#indexedValue} of the data path. For index definitions.
     *
     * @throws QueryException for a field path that does not pass the allow-list
     */
    public String filterKey(String field) {
        String path = FieldPath.unalias(FieldPath.check(field));
        Column column = COLUMNS.get(path);
        if (column != null) return column.sql();
        return dialect.indexedValue(dialect.dataPath(FieldPath.segments(path)));
    }

    /**
     * The keyset condition "strictly after the row whose keys had {@code values}" in the order of
     * {@code keys} (from {@link #sortKeys} or {@link #distinct}): the first key that differs
     * decides, with NULLs where the database puts them. When the first of several keys is never
     * NULL, a redundant range on it comes first, so an index on that key can bound the scan.
     *
     * @param values one bound value per key ({@code String}, {@code Long}, {@code Double},
     *     {@code Boolean} or null), as read back from the keys' expressions
     * @throws IllegalArgumentException when the counts differ
     */
    public SqlFragment after(List<SortKey> keys, List<Object> values) {
        if (keys.size() != values.size()) throw new IllegalArgumentException("one value per sort key expected");
        List<SqlFragment> alternatives = new ArrayList<>(keys.size());
        List<SqlFragment> equalSoFar = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            SortKey key = keys.get(i);
            Object value = values.get(i);
            List<SqlFragment> parts = new ArrayList<>(equalSoFar);
            parts.add(beyond(key, value));
            alternatives.add(Conditions.and(parts));
            equalSoFar.add(value == null ? key.expression().append(" IS NULL", SqlFragment.of(""))
                    : key.expression().append(" = ", SqlFragment.of(key.param(), value)));
        }
        SqlFragment after = Conditions.or(alternatives);
        SortKey first = keys.getFirst();
        if (keys.size() == 1 || first.nullable() || values.getFirst() == null) return after;
        SqlFragment bound = first.expression().append(first.descending() ? " <= " : " >= ", SqlFragment.of(first.param(), values.getFirst()));
        return Conditions.and(List.of(bound, after));
    }

    /** The key's value comes strictly after {@code value} in the key's own order. */
    private static SqlFragment beyond(SortKey key, Object value) {
        SqlFragment isNull = key.expression().append(" IS NULL", SqlFragment.of(""));
        if (value == null) return key.nullable() && key.nullsFirst() ? key.expression().append(" IS NOT NULL", SqlFragment.of("")) : FALSE;
        SqlFragment past = key.expression().append(key.descending() ? " < " : " > ", SqlFragment.of(key.param(), value));
        if (!key.nullable() || key.nullsFirst()) return past;
        return Conditions.or(past, isNull);
    }

    /**
     * The distinct values of a data field.
     *
     * @param from the FROM clause (without the keyword) giving one row per value
     * @param keys the ascending sort keys of a value, over {@code from}, in MongoDB type order
     * @param json the value as JSON text, over {@code from}
     */
    public record Distinct(String from, List<SortKey> keys, String json) {}

    /**
     * The values of {@code field} over the rows of {@code source} (a table expression with a
     * {@code data} column): array values contribute each element, null and missing nothing.
     *
     * @throws QueryException for an invalid path or a system field
     */
    public Distinct distinct(String field, String source) {
        String path = FieldPath.unalias(FieldPath.check(field));
        if (COLUMNS.containsKey(path)) throw new QueryException("Distinct values are available for data fields only, not '" + path + "'");
        QueryDialect.ValueSource values = dialect.values(source, FieldPath.segments(path));
        return new Distinct(values.from(), dialect.valueSortKeys(values.slot(), false), values.json());
    }

    /** One compilation: numbers the element aliases. */
    private final class Run {
        private int aliases;
        private final ArrayPaths paths = new ArrayPaths(dialect, this::nextAlias);
        private final ScalarFields scalars;
        /** The fields a condition took its scalar form on, in order. */
        private final java.util.Set<String> probed = new java.util.LinkedHashSet<>();
        /** Whether a condition compared a slot column (gated by {@code r.s_arrays}). */
        private boolean slotted;

        /** Whether scalar forms and bare slot comparisons may be used (the caller gates them with the probes). */
        private final boolean gate;
        /** Whether slot ranges are written so that they do not choose the index (see {@link QueryDialect#rangesFollowEqualities}). */
        private boolean rangesUnindexed;

        Run(ScalarFields scalars, boolean gate) {
            this.scalars = scalars;
            this.gate = gate;
        }

        /** {@code element} is the slot of the current array element, or null at record level. */
        SqlFragment filter(Filter filter, String element) {
            return switch (filter) {
                case Filter.All all -> SqlFragment.TRUE;
                case Filter.And and -> join(and.filters(), true, element);
                case Filter.Or or -> join(or.filters(), false, element);
                case Filter.Nor nor -> Conditions.not(join(nor.filters(), false, element));
                case Filter.Not not -> Conditions.not(filter(not.filter(), element));
                case Filter.Eq eq when slotted(eq.field(), element, eq.value()) ->
                        slotCondition(eq.field(), " = ?", List.of(eq.value()), () -> generalEq(eq, element));
                case Filter.In in when !in.values().isEmpty() && in.values().stream().allMatch(v -> slotted(in.field(), element, v)) ->
                        slotCondition(in.field(), " IN (" + String.join(", ", java.util.Collections.nCopies(in.values().size(), "?")) + ")",
                                in.values(), () -> generalIn(in, element));
                case Filter.Compare cmp when slotted(cmp.field(), element, cmp.value()) ->
                        slotCondition(rangesUnindexed ? "+" : "", cmp.field(), " " + cmp.op().sql() + " ?", List.of(cmp.value()),
                                () -> generalCompare(cmp, element));
                case Filter.Eq eq when scalar(eq.field(), element, eq.value()) ->
                        dialect.scalarEquals(probe(eq.field()), eq.value());
                case Filter.In in when !in.values().isEmpty() && in.values().stream().allMatch(v -> scalar(in.field(), element, v)) ->
                        dialect.scalarIn(probe(in.field()), in.values());
                case Filter.Compare cmp when scalar(cmp.field(), element, cmp.value()) ->
                        dialect.scalarCompare(probe(cmp.field()), cmp.op(), cmp.value());
                case Filter.Eq eq -> generalEq(eq, element);
                case Filter.In in -> generalIn(in, element);
                case Filter.Compare cmp -> generalCompare(cmp, element);
                case Filter.Regex re -> field(re.field(), element,
                        col -> col.type() == ColumnType.TEXT ? dialect.regexText(col.sql(), re.pattern(), re.options()) : FALSE,
                        slot -> anyOrSelf(slot, s -> dialect.regex(s, re.pattern(), re.options())));
                case Filter.Exists ex -> {
                    // "Absent" means no value is reached by any route through arrays: the negation of "present".
                    SqlFragment present = field(ex.field(), element, col -> columnExists(col, true), dialect::exists);
                    yield ex.exists() ? present : Conditions.not(present);
                }
                case Filter.Size size -> field(size.field(), element, col -> FALSE, slot -> dialect.arraySize(slot, size.size()));
                case Filter.ElemMatch em -> field(em.field(), element, col -> FALSE,
                        slot -> dialect.anyElement(slot, nextAlias(), e -> filter(em.condition(), e)));
            };
        }

        /**
         * Whether a condition on {@code field} with {@code value} compares the field's slot column:
         * it has one, of the value's type (text for strings, number for numbers).
         */
        private boolean slotted(String field, String element, JsonNode value) {
            if (element != null || COLUMNS.containsKey(field)) return false;
            String column = scalars.slot(field);
            if (column == null) return false;
            return column.startsWith("s_n") ? value.isNumber() : value.isTextual();
        }

        /**
         * {@code r.<slot of field><operator>} with {@code values} bound as the slot's type; outside a gated run, or'ed
         * with the {@code general} form for records holding an array in a slotted field.
         */
        private SqlFragment slotCondition(String field, String operator, List<JsonNode> values,
                                          java.util.function.Supplier<SqlFragment> general) {
            return slotCondition("", field, operator, values, general);
        }

        /** {@link #slotCondition(String, String, List, java.util.function.Supplier)} with {@code prefix} before the column. */
        private SqlFragment slotCondition(String prefix, String field, String operator, List<JsonNode> values,
                                          java.util.function.Supplier<SqlFragment> general) {
            String column = scalars.slot(field);
            List<Object> params = new ArrayList<>(values.size());
            for (JsonNode value : values) params.add(value.isNumber() ? dialect.slotNumber(value) : value.textValue());
            SqlFragment slot = new SqlFragment(prefix + "r." + column + operator, params);
            if (gate) {
                slotted = true;
                return slot;
            }
            return Conditions.or(List.of(slot, Conditions.and(List.of(SqlFragment.of("r.s_arrays"), general.get()))));
        }

        private SqlFragment generalEq(Filter.Eq eq, String element) {
            return field(eq.field(), element, col -> columnEq(col, eq.value()), slot -> eq(slot, eq.value()), eq.value().isNull());
        }

        private SqlFragment generalIn(Filter.In in, String element) {
            return field(in.field(), element, col -> columnIn(col, in.values()), slot -> in(slot, in.values()),
                    in.values().stream().anyMatch(JsonNode::isNull));
        }

        private SqlFragment generalCompare(Filter.Compare cmp, String element) {
            return field(cmp.field(), element, col -> columnCompare(col, cmp),
                    slot -> anyOrSelf(slot, s -> dialect.compare(s, cmp.op(), cmp.value())));
        }

        /**
         * Whether {@code filter} is, or is a conjunction (at any depth of {@code $and}) holding, an equality or
         * {@code $in} that compares a slot column.
         */
        boolean slottedEquality(Filter filter) {
            return switch (filter) {
                case Filter.And and -> and.filters().stream().anyMatch(this::slottedEquality);
                case Filter.Eq eq -> slotted(eq.field(), null, eq.value());
                case Filter.In in -> !in.values().isEmpty() && in.values().stream().allMatch(v -> slotted(in.field(), null, v));
                default -> false;
            };
        }

        /** Whether a condition on {@code field} with {@code value} takes its scalar form. */
        private boolean scalar(String field, String element, JsonNode value) {
            // A slotted field without a value of its slot's type keeps the general form: its index is on the slot.
            return gate && element == null && scalars.contains(field) && !COLUMNS.containsKey(field) && scalars.slot(field) == null
                    && (value.isTextual() || value.isNumber() || value.isBoolean());
        }

        /** The slot of the scalar field {@code field}, noted for the array probe. */
        private String probe(String field) {
            FieldPath.check(field); // defensive: records can be built without the parser
            probed.add(field);
            return dialect.dataPath(List.of(field));
        }

        private SqlFragment join(List<Filter> filters, boolean all, String element) {
            List<SqlFragment> parts = new ArrayList<>(filters.size());
            for (Filter part : filters) parts.add(filter(part, element));
            return all ? Conditions.and(parts) : Conditions.or(parts);
        }

        private SqlFragment field(String field, String element, Function<Column, SqlFragment> onColumn,
                                  Function<String, SqlFragment> onJson) {
            return field(field, element, onColumn, onJson, false);
        }

        /**
         * {@code onJson} over every value the path reaches (see {@link ArrayPaths}). {@code nullable}
         * says that {@code onJson} holds for a missing value (null equality), which changes how an
         * array on the path counts.
         */
        private SqlFragment field(String field, String element, Function<Column, SqlFragment> onColumn,
                                  Function<String, SqlFragment> onJson, boolean nullable) {
            if (element != null) {
                if (field.isEmpty()) return onJson.apply(element);
                List<String> segments = FieldPath.segments(FieldPath.check(field));
                String first = dialect.childPath(element, segments.subList(0, 1));
                return paths.descend(first, segments.subList(1, segments.size()), onJson, nullable);
            }
            Column column = COLUMNS.get(field);
            if (column != null) return onColumn.apply(column);
            FieldPath.check(field); // defensive: records can be built without the parser
            return paths.reach(FieldPath.segments(field), onJson, nullable);
        }

        /** The value matches, or is an array with a matching element (MongoDB array semantics). */
        private SqlFragment anyOrSelf(String slot, Function<String, SqlFragment> predicate) {
            return Conditions.or(predicate.apply(slot), dialect.anyElement(slot, nextAlias(), predicate));
        }

        private SqlFragment eq(String slot, JsonNode value) {
            if (value.isNull()) return anyOrSelf(slot, dialect::nullOrMissing);
            return dialect.equalsOrContains(slot, value, nextAlias());
        }

        private SqlFragment in(String slot, List<JsonNode> values) {
            List<JsonNode> present = values.stream().filter(v -> !v.isNull()).toList();
            boolean withNull = present.size() < values.size();
            if (values.isEmpty()) return FALSE;
            return anyOrSelf(slot, s -> {
                List<SqlFragment> parts = new ArrayList<>(2);
                if (!present.isEmpty()) parts.add(dialect.inValues(s, present));
                if (withNull) parts.add(dialect.nullOrMissing(s));
                return Conditions.or(parts);
            });
        }

        private SqlFragment columnEq(Column column, JsonNode value) {
            if (value.isNull()) return column.nullable() ? SqlFragment.of(column.sql() + " IS NULL") : FALSE;
            if (column.type() == ColumnType.TEXT && value.isTextual()) return SqlFragment.of(column.sql() + " = ?", value.textValue());
            if (column.type() == ColumnType.BOOL && value.isBoolean()) {
                return SqlFragment.of(column.sql() + " = " + dialect.bool(value.booleanValue()));
            }
            return FALSE;
        }

        private SqlFragment columnIn(Column column, List<JsonNode> values) {
            List<SqlFragment> parts = new ArrayList<>();
            for (JsonNode value : values) {
                SqlFragment part = columnEq(column, value);
                if (part != FALSE) parts.add(part);
            }
            return Conditions.or(parts);
        }

        private SqlFragment columnCompare(Column column, Filter.Compare cmp) {
            JsonNode value = cmp.value();
            if (column.type() == ColumnType.TEXT && value.isTextual()) {
                return column.plain()
                        ? SqlFragment.of(column.sql() + " " + cmp.op().sql() + " ?", value.textValue())
                        : dialect.compareText(column.sql(), cmp.op(), value.textValue());
            }
            if (column.type() == ColumnType.BOOL && value.isBoolean()) {
                return SqlFragment.of(column.sql() + " " + cmp.op().sql() + " " + dialect.bool(value.booleanValue()));
            }
            return FALSE;
        }

        private SqlFragment columnExists(Column column, boolean exists) {
            if (!column.nullable()) return exists ? SqlFragment.TRUE : FALSE;
            return SqlFragment.of(column.sql() + (exists ? " IS NOT NULL" : " IS NULL"));
        }

        private String nextAlias() {
            return "e" + (++aliases);
        }
    }
}
