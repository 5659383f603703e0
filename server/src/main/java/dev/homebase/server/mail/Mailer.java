package dev.homebase.server.mail;

import dev.homebase.server.config.MailSettings;
import java.util.Optional;

/** Sends mail: over SMTP when configured, otherwise to the server log. */
public interface Mailer {

    /**
     * Sends {@code mail}, blocking until the server took it.
     *
     * @throws MailException when it cannot be sent
     */
    void send(Mail mail);

    /**
     * Sends an app's message, blocking until the server took it.
     *
     * @return the message's {@code Message-ID} (with its angle brackets)
     * @throws MailException when it cannot be sent
     */
    String send(AppMail mail);

    /** The mailer for these settings: SMTP when present, the log otherwise. */
    static Mailer of(Optional<MailSettings> smtp) {
        return smtp.<Mailer>map(SmtpMailer::new).orElseGet(LogMailer::new);
    }
}
