package io.keycloakhooks.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A minimal SMTP server on 127.0.0.1 (plain, no auth) that keeps every message it accepts: enough for Keycloak's
 * mail sender, which speaks EHLO, MAIL FROM, RCPT TO, DATA, QUIT.
 */
public final class SmtpReceiver implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public SmtpReceiver() throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    /** Waits (polling, with a deadline) until a mail to this address arrived. */
    public Mail await(String recipient, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Mail mail : mails) {
                if (mail.recipients().contains(recipient)) {
                    return mail;
                }
            }
            LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("no mail to " + recipient + " within " + timeout + "; got " + mails);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> converse(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = client.getOutputStream()) {
            reply(out, "220 localhost test SMTP");
            String from = null;
            List<String> recipients = new CopyOnWriteArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(java.util.Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    reply(out, "250 localhost");
                } else if (command.startsWith("MAIL FROM:")) {
                    from = address(line);
                    recipients.clear();
                    reply(out, "250 OK");
                } else if (command.startsWith("RCPT TO:")) {
                    recipients.add(address(line));
                    reply(out, "250 OK");
                } else if (command.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder data = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        data.append(line.startsWith("..") ? line.substring(1) : line).append('\n');
                    }
                    mails.add(new Mail(from, List.copyOf(recipients), data.toString()));
                    reply(out, "250 OK");
                } else if (command.equals("QUIT")) {
                    reply(out, "221 Bye");
                    return;
                } else {
                    reply(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String address(String line) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        int open = value.indexOf('<');
        int close = value.indexOf('>');
        return open >= 0 && close > open ? value.substring(open + 1, close) : value.split(" ")[0];
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Mail(String from, List<String> recipients, String data) {
    }
}
