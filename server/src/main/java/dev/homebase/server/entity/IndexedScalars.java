package dev.homebase.server.entity;

import dev.homebase.server.query.FieldPath;
import dev.homebase.server.query.ScalarFields;
import dev.homebase.server.store.RecordSlots;
import dev.homebase.server.store.SchemaIndexes;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link ScalarFields} of an entity schema: the top-level fields declared with one scalar type
 * (string or binary, number and/or integer, or boolean; {@code null} allowed beside it) that lead a
 * declared index (alone or as the first field of a compound one). Validation stores only values of
 * the declared type there, and the leading index answers the store's "does any record hold an array
 * here" probe with one range lookup; a record stored before a schema change is still answered by
 * the general form (see {@link ScalarFields}). Stateless and thread-safe; the work is a walk over
 * the declared indexes, so it is done per query rather than cached.
 *
 * <p>{@link #declared} also names the fields that may get a typed slot column in the store (see
 * {@code RecordSlots}): every top-level field of a declared index whose type is a plain string
 * (or binary) or number (or integer), {@code null} allowed beside it, in declaration order.
 */
public final class IndexedScalars {

    private static final Set<Set<FieldType>> SCALAR_TYPES = Set.of(Set.of(FieldType.STRING), Set.of(FieldType.BINARY),
            Set.of(FieldType.STRING, FieldType.BINARY), Set.of(FieldType.NUMBER), Set.of(FieldType.INTEGER),
            Set.of(FieldType.NUMBER, FieldType.INTEGER), Set.of(FieldType.BOOLEAN));

    private static final Set<Set<FieldType>> TEXT_TYPES = Set.of(Set.of(FieldType.STRING), Set.of(FieldType.BINARY),
            Set.of(FieldType.STRING, FieldType.BINARY));
    private static final Set<Set<FieldType>> NUMBER_TYPES = Set.of(Set.of(FieldType.NUMBER), Set.of(FieldType.INTEGER),
            Set.of(FieldType.NUMBER, FieldType.INTEGER));

    private IndexedScalars() {}

    /** The scalar fields of {@code schema}. */
    public static ScalarFields of(EntitySchema schema) {
        Set<String> names = new LinkedHashSet<>();
        for (List<String> index : schema.indexes()) {
            if (index.isEmpty()) continue;
            String first = index.getFirst().startsWith("-") ? index.getFirst().substring(1) : index.getFirst();
            FieldDef def = schema.fields().get(first);
            if (def != null && isScalar(def)) names.add(first);
        }
        return ScalarFields.of(names);
    }

    /** The declared indexes of {@code schema} for the store, with the fields that may get a slot. */
    public static SchemaIndexes.Declared declared(String appId, EntitySchema schema) {
        Map<String, RecordSlots.Kind> slotFields = new LinkedHashMap<>();
        for (List<String> index : schema.indexes()) {
            for (String raw : index) {
                String name = raw.startsWith("-") ? raw.substring(1) : raw;
                FieldDef def = schema.fields().get(name);
                if (def == null || name.contains(".") || !FieldPath.isValid(name) || slotFields.containsKey(name)) continue;
                Set<FieldType> types = new java.util.HashSet<>(def.types());
                types.remove(FieldType.NULL);
                if (TEXT_TYPES.contains(types)) slotFields.put(name, RecordSlots.Kind.TEXT);
                else if (NUMBER_TYPES.contains(types)) slotFields.put(name, RecordSlots.Kind.NUMBER);
            }
        }
        return new SchemaIndexes.Declared(appId, schema.name(), schema.indexes(), slotFields);
    }

    private static boolean isScalar(FieldDef def) {
        Set<FieldType> types = new java.util.HashSet<>(def.types());
        types.remove(FieldType.NULL);
        return SCALAR_TYPES.contains(types);
    }
}
