package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * A parsed filter (the {@code q} language of api-contract §4.17) as an immutable tree of records.
 *
 * <p>Built by {@link FilterParser#parse}; rendered to SQL by {@link QueryCompiler}. Field names are
 * canonical dotted paths that pass {@link FieldPath#check} (the parser has already removed the
 * {@code data.} alias prefix; the compiler checks paths again before any reaches SQL); the empty
 * path {@code ""} means "the array element itself" and is only valid inside {@link ElemMatch}. Values are Jackson nodes and always
 * travel to SQL as bound parameters. Negations ({@code $ne}, {@code $nin}, {@code $not},
 * {@code $nor}) are {@link Not} / {@link Nor} nodes, so a negated condition also matches records
 * where the field is missing, as in MongoDB.
 */
public sealed interface Filter {

    /** Matches every record. */
    record All() implements Filter {}

    /** Matches when every part matches. */
    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }
    }

    /** Matches when at least one part matches. */
    record Or(List<Filter> filters) implements Filter {
        public Or {
            filters = List.copyOf(filters);
        }
    }

    /** Matches when no part matches. */
    record Nor(List<Filter> filters) implements Filter {
        public Nor {
            filters = List.copyOf(filters);
        }
    }

    /** Matches when {@code filter} does not match (SQL NULL counts as "does not match"). */
    record Not(Filter filter) implements Filter {
        public Not {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /**
     * The field equals {@code value} (JSON equality, numbers numerically), or is an array holding
     * an element equal to it. A JSON null value matches null or missing.
     */
    record Eq(String field, JsonNode value) implements Filter {
        public Eq {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The field compares to a number, string or boolean of the same type ({@code $gt} etc.). */
    record Compare(String field, Comparison op, JsonNode value) implements Filter {
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
            if (!value.isNumber() && !value.isTextual() && !value.isBoolean()) {
                throw new QueryException("A comparison needs a number, string or boolean");
            }
        }
    }

    /** The field equals one of {@code values} (each as in {@link Eq}). An empty list matches nothing. */
    record In(String field, List<JsonNode> values) implements Filter {
        public In {
            Objects.requireNonNull(field, "field");
            values = List.copyOf(values);
        }
    }

    /** The field is present (even if null) when {@code exists}, absent otherwise. */
    record Exists(String field, boolean exists) implements Filter {
        public Exists {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * The field is a string (or an array holding a string) matching {@code pattern}, searched
     * anywhere in the value. {@code options} is a subset of {@code "ims"}.
     */
    record Regex(String field, String pattern, String options) implements Filter {
        public Regex {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(options, "options");
        }
    }

    /** The field is an array with exactly {@code size} elements. */
    record Size(String field, int size) implements Filter {
        public Size {
            Objects.requireNonNull(field, "field");
            if (size < 0) throw new QueryException("Operator '$size' needs a non-negative integer");
        }
    }

    /**
     * The field is an array with at least one element matching {@code condition}, whose field
     * paths are relative to the element ({@code ""} is the element itself).
     */
    record ElemMatch(String field, Filter condition) implements Filter {
        public ElemMatch {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** The range comparison operators. */
    enum Comparison {
        GT(">"), GTE(">="), LT("<"), LTE("<=");

        private final String sql;

        Comparison(String sql) {
            this.sql = sql;
        }

        /** The SQL operator. */
        public String sql() {
            return sql;
        }
    }
}
