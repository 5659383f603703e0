package dev.homebase.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record as stored: system fields plus the app's own fields in {@code data}.
 *
 * @param id 24 lowercase hex characters
 * @param data the app's fields (never contains system fields)
 * @param createdDate naive UTC with microseconds, e.g. {@code 2025-01-15T10:30:00.123000}
 * @param updatedDate same format as {@code createdDate}
 * @param createdBy creator email, null for anonymous
 * @param createdById creator user id, null for anonymous
 * @param isSample whether this is sample data
 */
public record StoredRecord(String id, ObjectNode data, String createdDate, String updatedDate,
                           String createdBy, String createdById, boolean isSample) {

    /** A copy with other data and update time. */
    public StoredRecord withData(ObjectNode newData, String newUpdatedDate) {
        return new StoredRecord(id, newData, createdDate, newUpdatedDate, createdBy, createdById, isSample);
    }
}
