package dev.homebase.server.query;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parsed filter (the {@code q} language). PLACEHOLDER: replaced by the full AST.
 */
public sealed interface Filter {
    /** Matches every record. */
    record All() implements Filter {}

    /** field equals value. */
    record Eq(String field, JsonNode value) implements Filter {}
}
