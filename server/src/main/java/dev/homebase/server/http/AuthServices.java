package dev.homebase.server.http;

import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.Authenticator;
import dev.homebase.server.auth.RateLimiter;
import dev.homebase.server.auth.oauth.SocialLogin;
import dev.homebase.server.config.RateLimits;

/**
 * What the HTTP layer needs for users and sign-in, built once in {@code App}.
 *
 * @param authenticator resolves the caller of every app route
 * @param accounts the account flows
 * @param limiter the rate limiter (counters in the database, shared by the nodes)
 * @param limits the limits it applies
 * @param social social login and SSO over OpenID Connect
 * @param publicUrl the URL users reach the server at, when set ({@code HOMEBASE_PUBLIC_URL}); else each request's origin
 * @param keys the apps' keys in the database (the JWT key, the keys that seal list cursors)
 * @param serverAdmin who {@code HOMEBASE_ADMIN_EMAIL} is: the dashboard's all-apps view and app switch
 */
public record AuthServices(Authenticator authenticator, AccountService accounts, RateLimiter limiter, RateLimits limits,
                           SocialLogin social, java.util.Optional<String> publicUrl, dev.homebase.server.auth.AppKeys keys,
                           dev.homebase.server.auth.ServerAdmin serverAdmin) {}
