package dev.homebase.server.config;

/**
 * How to send mail over SMTP ({@code HOMEBASE_SMTP_*}).
 *
 * @param host the SMTP server
 * @param port its port (25, 465, 587, ...)
 * @param user the login, or null for none
 * @param password the password, or null
 * @param tls {@code "starttls"}, {@code "ssl"} or {@code "none"}
 * @param from the sender address
 */
public record MailSettings(String host, int port, String user, String password, String tls, String from) {
    public MailSettings {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("HOMEBASE_SMTP_HOST must not be blank");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("HOMEBASE_SMTP_PORT must be between 1 and 65535, got " + port);
        tls = tls == null ? "none" : tls;
        if (!tls.equals("starttls") && !tls.equals("ssl") && !tls.equals("none")) {
            throw new IllegalArgumentException("HOMEBASE_SMTP_TLS must be starttls, ssl or none, got \"" + tls + "\"");
        }
        if (from == null || from.isBlank()) from = "Homebase <no-reply@" + host + ">";
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", user=" + user + ", tls=" + tls + ", from=" + from + "]";
    }
}
