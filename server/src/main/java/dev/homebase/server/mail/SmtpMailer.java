package dev.homebase.server.mail;

import dev.homebase.server.config.MailSettings;
import dev.homebase.server.ops.ServerMetrics;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** Sends mail over SMTP with Angus Mail. Thread-safe. */
final class SmtpMailer implements Mailer {
    private static final String TIMEOUT_MILLIS = "10000";

    private final MailSettings settings;
    private final Session session;

    SmtpMailer(MailSettings settings) {
        this.settings = settings;
        Properties props = new Properties();
        props.put("mail.smtp.host", settings.host());
        props.put("mail.smtp.port", String.valueOf(settings.port()));
        props.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        props.put("mail.smtp.timeout", TIMEOUT_MILLIS);
        props.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        if (settings.tls().equals("starttls")) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        } else if (settings.tls().equals("ssl")) {
            props.put("mail.smtp.ssl.enable", "true");
        }
        if (settings.tls().equals("starttls") || settings.tls().equals("ssl")) {
            props.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        Authenticator auth = null;
        if (settings.user() != null) {
            props.put("mail.smtp.auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(settings.user(), settings.password() == null ? "" : settings.password());
                }
            };
        }
        this.session = Session.getInstance(props, auth);
    }

    @Override
    public void send(Mail mail) {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(settings.from()));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to(), true));
            m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            m.setText(mail.text(), StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            Transport.send(m);
            ServerMetrics.mail("smtp", true);
        } catch (MessagingException e) {
            ServerMetrics.mail("smtp", false);
            throw new MailException("Cannot send mail via " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String send(AppMail mail) {
        String id = MessageIds.fresh();
        try {
            MimeMessage m = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", id); // ours, so the answer can name it before the server takes it
                }
            };
            InternetAddress sender = new InternetAddress(settings.from());
            m.setFrom(new InternetAddress(sender.getAddress(), mail.fromName(), StandardCharsets.UTF_8.name()));
            m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to(), true));
            m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            if (mail.html() == null) {
                m.setText(mail.text(), StandardCharsets.UTF_8.name());
            } else {
                MimeMultipart alternative = new MimeMultipart("alternative"); // plain text first, the preferred HTML last
                MimeBodyPart text = new MimeBodyPart();
                text.setText(mail.text(), StandardCharsets.UTF_8.name());
                MimeBodyPart html = new MimeBodyPart();
                html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
                alternative.addBodyPart(text);
                alternative.addBodyPart(html);
                m.setContent(alternative);
            }
            m.setSentDate(new Date());
            Transport.send(m);
            return id;
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            throw new MailException("Cannot send mail via " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
    }
}
