package dev.homebase.sdk.realtime;

/**
 * One change of one record, as {@code update_model} delivers it (api-contract §17.4): the same
 * {@code {type, data, id, timestamp}} the JavaScript client passes to its callback.
 *
 * @param type      {@code "create"}, {@code "update"} or {@code "delete"}
 * @param data      the record after the change (for a delete, its last state), converted to the
 *                  handler's record type; fields the subscriber may not read are absent
 * @param id        the record id ({@code data.id} when the event has none)
 * @param timestamp ISO-8601 time of the change (the receive time when the event has none)
 * @param oversize  true when the server slimmed the record to fit the transport (long strings
 *                  blanked or only the id left): fetch it with {@code get(id)} when needed
 * @param <T>       the record type
 */
public record EntityEvent<T>(String type, T data, String id, String timestamp, boolean oversize) {

    /**
     * Returns whether this is a {@code create} event.
     *
     * @return true for create
     */
    public boolean isCreate() {
        return "create".equals(type);
    }

    /**
     * Returns whether this is an {@code update} event.
     *
     * @return true for update
     */
    public boolean isUpdate() {
        return "update".equals(type);
    }

    /**
     * Returns whether this is a {@code delete} event.
     *
     * @return true for delete
     */
    public boolean isDelete() {
        return "delete".equals(type);
    }
}
