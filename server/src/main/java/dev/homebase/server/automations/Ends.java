package dev.homebase.server.automations;

import java.time.Instant;

/**
 * When a recurring schedule stops ({@code ends_type}): never, on a date (no tick after it), or after
 * a number of ticks.
 *
 * @param on the last instant a tick may have, or null
 * @param after most ticks, or 0 for no limit
 */
record Ends(Instant on, int after) {
    static final Ends NEVER = new Ends(null, 0);
}
