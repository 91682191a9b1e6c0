package io.leadwire.metrics;

import io.leadwire.store.AlertRepository.AlertRow;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Sends the alert by SMTP: plain or with STARTTLS (required when switched on, never silently
 * skipped), with a user name and the password sealed in the settings when one is set.
 */
public final class EmailChannel implements AlertChannel {
    private final UnaryOperator<String> unseal;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param unseal  opens the sealed SMTP password of the settings (the data dir's secret box)
     * @param timeout for connecting, reading and writing, so a dead server cannot hold up the rules
     */
    public EmailChannel(UnaryOperator<String> unseal, Clock clock, Duration timeout) {
        this.unseal = unseal;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean configured(AlertSettings.Escalation settings) {
        return settings.emailConfigured();
    }

    @Override
    public String send(AlertRow alert, String text, AlertSettings.Escalation s) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", s.smtpHost());
        p.put("mail.smtp.port", Integer.toString(s.smtpPort()));
        p.put("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
        p.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
        if (s.smtpStartTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        boolean auth = !s.smtpUsername().isEmpty();
        p.put("mail.smtp.auth", Boolean.toString(auth));
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(s.emailFrom(), true));
        for (String to : s.emailTo()) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        }
        m.setSubject("[Leadwire " + alert.severity() + "] " + AlertRule.byId(alert.rule()).map(AlertRule::title)
                .orElse(alert.rule()) + " — " + alert.subjectName(), "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        m.setText(text, "UTF-8");
        if (auth) {
            String password = s.smtpPassword().isEmpty() ? "" : unseal.apply(s.smtpPassword());
            Transport.send(m, s.smtpUsername(), password);
        } else {
            Transport.send(m);
        }
        return "sent to " + String.join(", ", s.emailTo());
    }
}
