package dev.homebase.sdk.entities;

import java.util.List;
import java.util.Map;

/**
 * Response of {@code aggregate(spec)}: {@code {rows, truncated}}.
 *
 * @param rows      one map per group, e.g. {@code {agent_id: "a1", count: 42, sum_amount: 18250}}
 * @param truncated whether there were more groups than the limit
 */
public record AggregateResult(List<Map<String, Object>> rows, boolean truncated) {
    /** Copies the list. */
    public AggregateResult {
        rows = rows == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rows));
    }
}
