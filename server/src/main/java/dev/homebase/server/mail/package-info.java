/**
 * Outgoing mail (one-time codes, reset links, invitations, and apps' own messages as {@link dev.homebase.server.mail.AppMail}
 * from the SendEmail integration: a From display name, HTML with a plain-text alternative): {@link dev.homebase.server.mail.Mailer}
 * sends over SMTP (Angus Mail) when {@code HOMEBASE_SMTP_HOST} is set, and writes to the server
 * log otherwise. May import {@code config} only.
 */
package dev.homebase.server.mail;
