package io.leadwire.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real, tiny SMTP server on 127.0.0.1 for tests: EHLO, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA,
 * QUIT. It accepts every message and keeps it with the credentials it was sent with.
 */
final class LocalSmtpServer implements AutoCloseable {
    /** One message as received. */
    record Received(String from, List<String> to, String data, String user, String password) {
    }

    private final ServerSocket server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Thread thread;

    LocalSmtpServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "local-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next message, waiting up to 10 s. */
    Received take() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no message reached the SMTP server");
        }
        return r;
    }

    int count() {
        return received.size();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                session(s);
            } catch (IOException e) {
                // closed, or the client went away: wait for the next one
            }
        }
    }

    private void session(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        reply(out, "220 localhost ESMTP test");
        String from = null;
        List<String> to = new ArrayList<>();
        String user = null;
        String password = null;
        String line;
        while ((line = in.readLine()) != null) {
            String upper = line.toUpperCase(java.util.Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                reply(out, "250-localhost\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
            } else if (upper.startsWith("HELO")) {
                reply(out, "250 localhost");
            } else if (upper.startsWith("AUTH PLAIN")) {
                String arg = line.length() > 10 ? line.substring(10).strip() : "";
                if (arg.isEmpty()) {
                    reply(out, "334 ");
                    arg = in.readLine();
                }
                String[] parts = new String(Base64.getDecoder().decode(arg), StandardCharsets.UTF_8).split("\0", -1);
                user = parts[1];
                password = parts[2];
                reply(out, "235 2.7.0 Authentication successful");
            } else if (upper.startsWith("AUTH LOGIN")) {
                reply(out, "334 VXNlcm5hbWU6");
                user = new String(Base64.getDecoder().decode(in.readLine()), StandardCharsets.UTF_8);
                reply(out, "334 UGFzc3dvcmQ6");
                password = new String(Base64.getDecoder().decode(in.readLine()), StandardCharsets.UTF_8);
                reply(out, "235 2.7.0 Authentication successful");
            } else if (upper.startsWith("MAIL FROM:")) {
                from = address(line);
                to = new ArrayList<>();
                reply(out, "250 OK");
            } else if (upper.startsWith("RCPT TO:")) {
                to.add(address(line));
                reply(out, "250 OK");
            } else if (upper.equals("DATA")) {
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                StringBuilder data = new StringBuilder();
                String d;
                while ((d = in.readLine()) != null && !d.equals(".")) {
                    data.append(d.startsWith("..") ? d.substring(1) : d).append('\n');
                }
                received.add(new Received(from, List.copyOf(to), data.toString(), user, password));
                reply(out, "250 OK queued");
            } else if (upper.equals("QUIT")) {
                reply(out, "221 Bye");
                return;
            } else {
                reply(out, "250 OK");
            }
        }
    }

    private static String address(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>');
        return lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : line.substring(line.indexOf(':') + 1).strip();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
