/**
 * Realtime entity events: Socket.IO v4 at {@code /ws-user-apps/socket.io/} on the API's port (contract §17, §4.16).
 *
 * <p>How a connection flows:
 * <ol>
 *   <li>{@link dev.homebase.server.realtime.JettyEndpoint} receives the WebSocket upgrade through a Javalin
 *       WebSocket route (Jetty 12). Unknown {@code app_id}: {@link dev.homebase.server.realtime.RefusedConnection}
 *       answers the client's CONNECT with CONNECT_ERROR and closes (the client reports {@code connect_error} at once
 *       and does not retry). A present token is verified once here: one that does not verify connects as anonymous
 *       (§17.1), or is refused the same way when {@code RealtimeSettings.refuseInvalidTokens} is set. Otherwise the session is wrapped as a
 *       {@link dev.homebase.server.realtime.JettyEngineIoWebSocket} and handed to engine.io-server 6.3.2, under
 *       socket.io-server 4.1.2 (their own Jetty module targets Jetty 9).</li>
 *   <li>{@link dev.homebase.server.realtime.RealtimeServer} takes the Socket.IO connection as a
 *       {@link dev.homebase.server.realtime.Subscriber} (app, token, anonymous id) and handles {@code join} and
 *       {@code leave} in {@link dev.homebase.server.realtime.Rooms}: idempotent, entity rooms of its own app only,
 *       bounded per connection.</li>
 *   <li>{@link dev.homebase.server.realtime.RealtimeServer#publish} queues the event for every
 *       {@link dev.homebase.server.realtime.DispatchLanes dispatch thread}, each of which owns a fixed share of the
 *       connections (so each connection keeps the publish order); the first thread to meet a group asks the
 *       {@link dev.homebase.server.realtime.SubscriberFilter} once per group of subscribers with an equal
 *       {@link dev.homebase.server.realtime.SubscriberFilter#groupKey} (for the rules: an equal principal) and writes
 *       {@code update_model} packets built by {@link dev.homebase.server.realtime.UpdateModelFrames}: each distinct
 *       shape is encoded once per room into an {@link dev.homebase.server.realtime.OutboundFrame} (Engine.IO prefix
 *       and UTF-8 included) whose bytes every member's Jetty session sends as they are, past Engine.IO. While more
 *       events are queued, frames wait in Jetty's per-connection batch buffer (one socket write for several events;
 *       flushed when the backlog ends). Writes never block: a client too far behind is dropped.
 *       {@code permessage-deflate} is declined at the handshake.</li>
 * </ol>
 *
 * <p>Where writes publish (the entity service calls {@code publish} after its transaction commits, once per record):
 * create, bulk create, upsert-created → {@code create}; update, bulk update, update-many, upsert-updated →
 * {@code update}; delete, delete-many → {@code delete} with the record's last state. Users (register/verify, invite,
 * {@code PUT /entities/User/me}, admin and service-role changes, deletes) publish on the {@code User} room under its
 * fixed rules ({@link dev.homebase.server.realtime.RuleFilter}).
 *
 * <p>Agent conversation rooms {@code /agent-conversations/{id}} (§17.4): a join is accepted only when the
 * {@link dev.homebase.server.realtime.SubscriberFilter#mayJoin} rule allows it (the conversation's owner or the service
 * role; {@link dev.homebase.server.realtime.RuleFilter} asks the agents' {@code RoomAccess}), and
 * {@link dev.homebase.server.realtime.RealtimeServer#publishToRoom} sends the agents' pushes to the room's members as
 * given (through {@link dev.homebase.server.realtime.NodeRelay#publishToRoom} on every node).
 *
 * <p>Several nodes: {@link dev.homebase.server.realtime.NodeRelay} delivers each change locally and sends it over the
 * store's {@code EventBus} (LISTEN/NOTIFY on PostgreSQL, nothing on SQLite); other nodes deliver it to their own
 * subscribers through their filter. Counters: {@link dev.homebase.server.realtime.RealtimeStats}, logged at INFO
 * once a minute when anything happened. Only HTTP WebSocket is served;
 * HTTP long-polling answers Engine.IO's "Transport unknown".
 */
package dev.homebase.server.realtime;
