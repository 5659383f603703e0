package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.store.SqlFragment;
import java.util.List;
import java.util.function.Function;

/**
 * The SQL building blocks one database supplies to {@link QueryCompiler}.
 *
 * <p>A <em>slot</em> is a dialect-specific SQL expression naming one JSON value: a path into
 * {@code r.data}, an array element, or a path below an element. Slot texts are built only from
 * allow-listed path segments ({@link FieldPath}) and generated aliases; every value goes into the
 * returned fragments' parameters. Predicates may evaluate to SQL NULL for "no match": the compiler
 * negates with {@code IS NOT TRUE}. Implementations are stateless and thread-safe.
 */
public interface QueryDialect {

    /** The slot of a path into {@code r.data} (index-friendly: a literal path). */
    String dataPath(List<String> segments);

    /** The slot of a path below an element slot produced by {@link #anyElement}. */
    String childPath(String elementSlot, List<String> segments);

    /** The value is present (JSON null counts as present). */
    SqlFragment exists(String slot);

    /** The value is missing or JSON null. */
    SqlFragment nullOrMissing(String slot);

    /**
     * The value equals {@code value}, a non-null JSON value of the same type: numbers numerically,
     * strings exactly, objects and arrays as JSON.
     */
    SqlFragment equalsValue(String slot, JsonNode value);

    /**
     * The value equals {@code value} (as in {@link #equalsValue}) or is an array with an element
     * equal to it: MongoDB equality. {@code alias} is a fresh SQL identifier if an element row is
     * needed.
     */
    SqlFragment equalsOrContains(String slot, JsonNode value, String alias);

    /** The value equals one of {@code values} (non-empty, no JSON nulls), as in {@link #equalsValue}. */
    SqlFragment inValues(String slot, List<JsonNode> values);

    /** The value is of the same type as {@code value} (number, string or boolean) and compares so. */
    SqlFragment compare(String slot, Filter.Comparison op, JsonNode value);

    /** The value is a string matching {@code pattern} with normalised {@code options}. */
    SqlFragment regex(String slot, String pattern, String options);

    /** The value is an array (empty or not). */
    SqlFragment isArray(String slot);

    /** The value is an array of {@code size} elements. */
    SqlFragment arraySize(String slot, int size);

    /**
     * The value is an array with an element for which {@code predicate} (given the element's slot)
     * holds. {@code alias} is a fresh SQL identifier for the element row.
     */
    SqlFragment anyElement(String slot, String alias, Function<String, SqlFragment> predicate);

    // Scalar forms (see ScalarFields): each holds exactly where the general condition's non-array
    // part holds, for every stored value that is not an array; the compiler gates arrays with
    // arrayProbe. A dialect overrides them where a plainer expression says the same.

    /** {@link #equalsValue} for a scalar {@code value}, as plain as the dialect allows. */
    default SqlFragment scalarEquals(String slot, JsonNode value) {
        return equalsValue(slot, value);
    }

    /** {@link #inValues} for scalar {@code values}, as plain as the dialect allows. */
    default SqlFragment scalarIn(String slot, List<JsonNode> values) {
        return inValues(slot, values);
    }

    /** {@link #compare} (without the array branch), as plain as the dialect allows. */
    default SqlFragment scalarCompare(String slot, Filter.Comparison op, JsonNode value) {
        return compare(slot, op, value);
    }

    /**
     * Whether the general forms compare slot columns ({@link QueryCompiler#whereSlotted}): where the database keeps
     * only the slot's index for a slotted field. SQLite cannot use its partial {@code s_arrays} index inside the OR
     * such a form needs, so it keeps the JSON expression's index too and its general forms stay plain.
     */
    default boolean slottedGeneralForms() {
        return true;
    }

    /**
     * Whether a range on a slot column is written {@code +r.s_n2 >= ?} (an expression no index serves) when the filter's
     * conjunction also compares a slot for equality, so the equality chooses the index. For a planner that may have no
     * statistics (SQLite's until its first {@code ANALYZE}): without them it took the range's index over the
     * equality's (63k index entries instead of 25k for the bench's count). Same rows: the unary plus only drops the
     * column's affinity, and a number slot holds only numbers, compared with a number.
     */
    default boolean rangesFollowEqualities() {
        return false;
    }

    /** A JSON number as the parameter a number slot column ({@link ScalarFields#slot}) is compared with. */
    default Object slotNumber(JsonNode number) {
        return number.decimalValue();
    }

    /**
     * The value at a {@link #dataPath} slot is an array (empty arrays may count too), written so
     * that an index on {@link #indexedValue} of the slot serves it: the probe that decides whether
     * the scalar forms may be used.
     */
    SqlFragment arrayProbe(String slot);

    /**
     * The ORDER BY keys for a JSON value in MongoDB type order (a type rank first, then typed
     * values; null and missing share rank 0).
     */
    List<SortKey> valueSortKeys(String slot, boolean descending);

    /**
     * The expression that equality, {@code $in} and number ranges on the value at {@code slot}
     * (a literal data path) compare, so that an expression index on it serves those conditions.
     */
    String indexedValue(String slot);

    /** The ORDER BY items of {@link #valueSortKeys} as text, in direction {@code dir} ({@code ASC} or {@code DESC}). */
    default String sortKeys(String slot, String dir) {
        return String.join(", ", valueSortKeys(slot, "DESC".equals(dir)).stream().map(SortKey::ordering).toList());
    }

    /** A text column (or another text expression) compared with code-point order. */
    SqlFragment compareText(String column, Filter.Comparison op, String value);

    /** A text column (or another text expression) matching a regular expression. */
    SqlFragment regexText(String column, String pattern, String options);

    /** The ORDER BY key of a text column in code-point order, nulls first when ascending. */
    SortKey sortText(String column, boolean nullable, boolean descending);

    /**
     * Where the values of a path come from for a distinct query: one row per value of the path in
     * each row of {@code source} (a table expression with a {@code data} column, aliased {@code r}
     * inside), where an array contributes each element and null or missing values contribute
     * nothing.
     *
     * @param from the FROM clause text (without the keyword)
     * @param slot the slot of the value in each row of {@code from}, for {@link #valueSortKeys}
     * @param json an SQL expression giving the value as JSON text
     */
    record ValueSource(String from, String slot, String json) {}

    /**
     * The {@link ValueSource} of the data path {@code segments} over the rows of {@code source}; a
     * dotted path collects every value it reaches through arrays (see {@code ArrayPaths}).
     */
    ValueSource values(String source, List<String> segments);

    /**
     * The slot of the least (or, when {@code greatest}, the greatest) value in {@link #valueSortKeys}
     * order that the dotted path {@code segments} reaches through arrays in the record {@code r},
     * elements of a reached array included; no value gives a missing slot. For MongoDB's sort on
     * arrays.
     */
    String reachedExtreme(List<String> segments, boolean greatest);

    /** The SQL literal of a boolean, for the boolean column. */
    String bool(boolean value);

    // Aggregates (api-contract §4.13). A "value" is computed per record in an inner query; its
    // column is then read by the grouping query and embedded into the row object.

    /**
     * A group value of the JSON value at a {@link #dataPath} slot: equal JSON values give equal
     * SQL values, and JSON null and missing both give SQL NULL. Embed with {@link #groupJson}.
     */
    String groupValue(String slot);

    /** The JSON of a {@link #groupValue} read back from the column {@code column}. */
    String groupJson(String column);

    /** The JSON boolean of a boolean column. */
    String boolJson(String column);

    /** The number at a {@link #dataPath} slot as an SQL number, or NULL for any other value. */
    String numberValue(String slot);

    /** The string at a {@link #dataPath} slot as SQL text, or NULL for any other value. */
    String stringValue(String slot);

    /**
     * The start day ({@code YYYY-MM-DD}) of the {@code unit} holding the date or date-time text
     * {@code text}. {@code trusted} text is a record timestamp column (always well formed);
     * other text gives NULL unless it starts with {@code YYYY-MM-DD}, and is cut, not parsed (a
     * time-zone offset is not applied), so it supports every unit but WEEK.
     */
    String dateBucket(String text, AggregateSpec.Unit unit, boolean trusted);

    /** The sum of a numeric column, 0 when no row has a number. */
    String sum(String column);

    /** The average of a numeric column as a floating-point number, NULL when no row has a number. */
    String avg(String column);

    /** A JSON object with the given literal keys (safe identifiers) and SQL values. */
    String jsonObject(List<String> keys, List<String> values);
}
