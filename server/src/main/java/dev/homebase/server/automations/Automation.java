package dev.homebase.server.automations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * One declared automation of a function (api-contract §6.6).
 *
 * @param function the function it runs
 * @param name its name, unique within the function
 * @param active {@code is_active} (default true): an inactive one never runs
 * @param args {@code function_args}, spread into the body the function receives (an empty object for none)
 */
record Automation(String appId, String function, String name, String description, boolean active, Trigger trigger, ObjectNode args) {

    /** What starts a run. */
    sealed interface Trigger permits Scheduled, OnEntity {
        /** {@code scheduled} or {@code entity}, as in the body's {@code automation.type}. */
        String type();
    }

    /** A {@code scheduled} automation: ticks of a schedule, until it ends. */
    record Scheduled(Schedule schedule, Ends ends) implements Trigger {
        @Override
        public String type() {
            return "scheduled";
        }
    }

    /** An {@code entity} automation: creates, updates or deletes of one entity's records. */
    record OnEntity(String entity, Set<String> events) implements Trigger {
        @Override
        public String type() {
            return "entity";
        }
    }

    /** The key of the automation within its app: function and name. */
    String key() {
        return function + "\u0000" + name;
    }

    /** How the logs name it. */
    String label() {
        return "automation \"" + name + "\"";
    }
}
