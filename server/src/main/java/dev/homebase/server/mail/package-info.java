/**
 * Outgoing mail (one-time codes, reset links, invitations): {@link dev.homebase.server.mail.Mailer}
 * sends over SMTP (Angus Mail) when {@code HOMEBASE_SMTP_HOST} is set, and writes to the server
 * log otherwise. May import {@code config} only.
 */
package dev.homebase.server.mail;
