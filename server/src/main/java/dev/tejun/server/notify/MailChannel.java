package dev.tejun.server.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * The email channel: one mail per notice over SMTP, STARTTLS required unless switched off, AUTH when a user is set.
 * Subject and body are UTF-8 (a Japanese subject is RFC 2047 encoded by Jakarta Mail).
 */
final class MailChannel implements Channel {

    /** The SMTP server and account. */
    record Server(
            String host,
            int port,
            boolean startTls,
            SSLSocketFactory trust,
            String user,
            Supplier<String> password,
            String from) {}

    private final String name;
    private final Server server;
    private final Session session;

    /** @param name what subscriptions call it: {@code email}, or its name under {@code notify.channels} */
    MailChannel(String name, Server server) {
        this.name = name;
        this.server = server;
        Properties p = new Properties();
        p.put("mail.smtp.host", server.host());
        p.put("mail.smtp.port", Integer.toString(server.port()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.writetimeout", "20000");
        if (server.startTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true"); // never fall back to plain text with a password
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            p.put("mail.smtp.ssl.socketFactory", server.trust());
        }
        boolean auth = !server.user().isEmpty();
        p.put("mail.smtp.auth", Boolean.toString(auth));
        this.session = Session.getInstance(
                p,
                auth
                        ? new Authenticator() {
                            @Override
                            protected PasswordAuthentication getPasswordAuthentication() {
                                return new PasswordAuthentication(
                                        server.user(), server.password().get());
                            }
                        }
                        : null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean needsAddress() {
        return true;
    }

    @Override
    public void send(Notice n, String address, String delivery) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(server.from()));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(address));
        m.setSubject("[Tejun] " + n.subject(), StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(n.at()));
        m.setHeader("X-Tejun-Event", n.kind().wire());
        m.setHeader("X-Tejun-Delivery", delivery);
        m.setText(n.text() + (n.link() == null ? "" : "\n\n" + n.link()) + "\n", StandardCharsets.UTF_8.name());
        Transport.send(m);
    }
}
