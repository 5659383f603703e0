/**
 * Users and sign-in: Argon2id passwords ({@link dev.homebase.server.auth.Passwords}), one-time
 * codes and tokens ({@link dev.homebase.server.auth.OneTimeCodes}), per-app JWTs
 * ({@link dev.homebase.server.auth.TokenService}, {@link dev.homebase.server.auth.AppKeys}), the
 * caller of a request ({@link dev.homebase.server.auth.Authenticator} to
 * {@link dev.homebase.server.auth.Principal}), rate limits, the users store and the account flows
 * ({@link dev.homebase.server.auth.AccountService}). Callers' users are cached for seconds
 * ({@link dev.homebase.server.auth.UserCache}, dropped on every node on any change to a user) and
 * verified tokens until they expire, so a signed-in request needs no transaction of its own.
 * {@link dev.homebase.server.auth.ServerAdmin} is the server-wide admin ({@code HOMEBASE_ADMIN_EMAIL}) and the
 * dashboard's switch from one app to another.
 *
 * <p>May import {@code store}, {@code entity} (ids, timestamps), {@code mail}, {@code config} and
 * {@code internal}; never {@code http}. Failures are {@link dev.homebase.server.auth.AuthException};
 * the web layer picks the status.
 */
package dev.homebase.server.auth;
