package dev.homebase.server.mail;

/**
 * A message an app sends (the {@code SendEmail} integration): a display name for the From header, a
 * plain-text body and, for HTML bodies, the HTML sent with the text as its alternative.
 *
 * @param to the recipient address
 * @param subject the subject line
 * @param fromName the display name of the From header (the address is the server's sender)
 * @param text the plain-text body
 * @param html the HTML body, or null for a plain-text message
 */
public record AppMail(String to, String subject, String fromName, String text, String html) {}
