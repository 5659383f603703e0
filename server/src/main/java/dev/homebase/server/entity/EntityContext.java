package dev.homebase.server.entity;

import dev.homebase.server.auth.Principal;
import dev.homebase.server.store.EntityScope;

/**
 * Everything an entity operation needs to know about where it runs and for whom.
 *
 * @param schema the entity's schema
 * @param scope the app, canonical entity name and data environment
 * @param caller who is asking
 * @param validator the app's record validator (strict or lax)
 * @param rules the entity's access rules
 */
public record EntityContext(EntitySchema schema, EntityScope scope, Principal caller, RecordValidator validator,
                            AccessRules rules) {}
