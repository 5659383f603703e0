package dev.homebase.server.mail;

import dev.homebase.server.ops.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes mail to the server log at INFO, for local use without SMTP. NB: the message text holds
 * the one-time code or link the recipient needs; nothing else secret is ever put in mail.
 */
final class LogMailer implements Mailer {
    private static final Logger log = LoggerFactory.getLogger(LogMailer.class);

    @Override
    public void send(Mail mail) {
        ServerMetrics.mail("log", true);
        log.info("Mail to {} (no HOMEBASE_SMTP_HOST set, so it is logged instead)\nSubject: {}\n\n{}", mail.to(), mail.subject(), mail.text());
    }

    @Override
    public String send(AppMail mail) {
        String id = MessageIds.fresh();
        log.info("Mail {} from \"{}\" to {} (no HOMEBASE_SMTP_HOST set, so it is logged instead)\nSubject: {}\n\n{}",
                id, mail.fromName(), mail.to(), mail.subject(), mail.text());
        return id;
    }
}
