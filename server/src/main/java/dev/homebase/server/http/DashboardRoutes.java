package dev.homebase.server.http;

/**
 * The handlers of the admin dashboard's own routes (README "Dashboard"), one per page, so the route
 * table takes them as one argument. Every one of them answers app admins and the service role only.
 *
 * @param entities the app's entities and their fields (Data page)
 * @param users    disable, enable and delete a user (Users page)
 * @param apps     who is calling and the server admin's all-apps view
 * @param data     CSV and JSON export of an entity's records
 * @param ops      activity, secrets and the settings in force
 */
record DashboardRoutes(DashboardApi entities, DashboardUsersApi users, DashboardAppsApi apps, DashboardDataApi data,
                       DashboardOpsApi ops) {}
