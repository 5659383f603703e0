/**
 * Authentication and users: {@link dev.homebase.sdk.auth.AuthModule} (login, registration,
 * OTP, password flows, navigation URLs), {@link dev.homebase.sdk.auth.UsersModule} and the
 * service-role-only {@link dev.homebase.sdk.auth.SsoModule}.
 */
package dev.homebase.sdk.auth;
