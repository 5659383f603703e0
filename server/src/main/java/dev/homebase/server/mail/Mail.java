package dev.homebase.server.mail;

/**
 * One plain-text message.
 *
 * @param to the recipient address
 * @param subject the subject line
 * @param text the body
 */
public record Mail(String to, String subject, String text) {}
