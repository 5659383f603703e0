package dev.homebase.server.http;

import dev.homebase.server.auth.AccountService;
import dev.homebase.server.auth.Authenticator;
import dev.homebase.server.auth.RateLimiter;
import dev.homebase.server.config.RateLimits;

/**
 * What the HTTP layer needs for users and sign-in, built once in {@code App}.
 *
 * @param authenticator resolves the caller of every app route
 * @param accounts the account flows
 * @param limiter the in-memory rate limiter
 * @param limits the limits it applies
 */
public record AuthServices(Authenticator authenticator, AccountService accounts, RateLimiter limiter, RateLimits limits) {}
