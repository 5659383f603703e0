package dev.homebase.server.integrations;

import dev.homebase.server.auth.Principal;
import dev.homebase.server.auth.RateLimiter;
import dev.homebase.server.auth.UserStore;
import dev.homebase.server.mail.AppMail;
import dev.homebase.server.mail.MailException;
import dev.homebase.server.mail.Mailer;
import dev.homebase.server.store.Database;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SendEmail} (api-contract §7.1): one message from an app, over the server's mailer (SMTP, or the
 * log). The service role may write to anyone; anyone else only to a registered user of the app, so an
 * app cannot be used to send mail to strangers. Limited per app and per caller. Thread-safe.
 */
public final class EmailService {
    private static final Logger log = LoggerFactory.getLogger(EmailService.class);
    private static final int MAX_SUBJECT = 998; // one header line (RFC 5322 §2.1.1)
    private static final int MAX_BODY = 1024 * 1024;
    private static final int MAX_FROM_NAME = 200;

    private final Database db;
    private final UserStore users;
    private final Mailer mailer;
    private final RateLimiter limiter;
    private final IntegrationLimits limits;
    private final Function<String, String> appName;

    /** @param appName the display name of an app id (its {@code name}, else the id) */
    public EmailService(Database db, UserStore users, Mailer mailer, RateLimiter limiter, IntegrationLimits limits,
                        Function<String, String> appName) {
        this.db = db;
        this.users = users;
        this.mailer = mailer;
        this.limiter = limiter;
        this.limits = limits;
        this.appName = appName;
    }

    /**
     * One message.
     *
     * @param caller who asks
     * @param callerKey what the per-caller limit counts: the user's id, or the client IP of an anonymous caller
     * @param fromName the From display name, or null for the app's name
     * @return the message's {@code Message-ID}
     * @throws IntegrationException 400 for bad input, 403 for a recipient the caller may not write to,
     *     502 when the mail server refuses
     * @throws dev.homebase.server.auth.AuthException 429 over a limit (with the seconds to wait)
     */
    public String send(String appId, Principal caller, String callerKey, String to, String subject, String body, String fromName) {
        String recipient = address(to);
        if (subject == null) throw bad("subject is required");
        if (subject.length() > MAX_SUBJECT || subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw bad("subject must be one line of at most " + MAX_SUBJECT + " characters");
        }
        if (body == null) throw bad("body is required");
        if (body.length() > MAX_BODY) throw bad("body must be at most " + MAX_BODY + " characters");
        String name = fromName == null || fromName.isBlank() ? appName.apply(appId) : fromName.strip();
        if (name.length() > MAX_FROM_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw bad("from_name must be one line of at most " + MAX_FROM_NAME + " characters");
        }

        limiter.check("integration:SendEmail:app:" + appId, limits.emailPerApp());
        if (!(caller instanceof Principal.Service)) {
            limiter.check("integration:SendEmail:caller:" + appId + ":" + callerKey, limits.emailPerUser());
            boolean registered = db.read(c -> users.findByEmail(c, appId, recipient).isPresent());
            if (!registered) throw new IntegrationException(IntegrationException.Kind.FORBIDDEN,
                    "SendEmail may only write to registered users of this app (the service role may write to anyone)");
        }

        boolean html = HtmlText.isHtml(body);
        AppMail mail = new AppMail(recipient, subject, name, html ? HtmlText.toText(body) : body, html ? body : null);
        try {
            return mailer.send(mail);
        } catch (MailException e) {
            log.warn("SendEmail of app {} failed: {}", appId, e.getMessage());
            throw new IntegrationException(IntegrationException.Kind.PROVIDER_FAILED, "The mail server did not accept the message");
        }
    }

    /** One plain address, lower-cased: no display name, no list. */
    private static String address(String to) {
        if (to == null || to.isBlank()) throw bad("to is required");
        try {
            InternetAddress a = new InternetAddress(to.strip(), true);
            if (a.getPersonal() != null || a.isGroup() || !a.getAddress().contains("@")) throw new AddressException();
            return a.getAddress().toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            throw bad("to must be one email address");
        }
    }

    private static IntegrationException bad(String message) {
        return new IntegrationException(IntegrationException.Kind.BAD_INPUT, message);
    }
}
