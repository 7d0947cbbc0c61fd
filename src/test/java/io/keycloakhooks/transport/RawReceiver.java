package io.keycloakhooks.transport;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server whose responses the test writes byte by byte: for responses no well-behaved server sends
 * (huge heads, bodies that never end). It serves any number of requests per connection.
 */
final class RawReceiver implements AutoCloseable {

    @FunctionalInterface
    interface Responder {
        void respond(OutputStream out) throws IOException;
    }

    /** Bytes written to clients, over all connections. */
    final AtomicLong written = new AtomicLong();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    /** Counted down when a client closed its connection while a response was being written. */
    final CountDownLatch hungUp = new CountDownLatch(1);

    private final ServerSocket server;
    private final Responder responder;

    RawReceiver(Responder responder) throws IOException {
        this.responder = responder;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::accept, "raw-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread thread = new Thread(() -> serve(socket), "raw-receiver-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = new FilterOutputStream(socket.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written.addAndGet(len);
                }
            };
            while (readRequest(in)) {
                requests.incrementAndGet();
                try {
                    responder.respond(out);
                    out.flush();
                } catch (IOException e) {
                    hungUp.countDown();
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away between requests
        }
    }

    /** Reads one request (head and Content-Length body); false at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        in.skipNBytes(length);
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
