package io.keycloakhooks.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A self-signed certificate for {@code localhost} (made once with the JDK's keytool), so tests can run HTTPS
 * receivers that Keycloak trusts only through its configured truststore ({@code truststore-paths}).
 */
public final class TestTls {

    private static final Path DIR = Path.of("target", "test-tls").toAbsolutePath();
    private static final Path KEYSTORE = DIR.resolve("receiver.p12");
    private static final Path CERTIFICATE = DIR.resolve("receiver.pem");
    private static final String PASSWORD = "changeit";

    private TestTls() {
    }

    public static synchronized Path certificatePem() {
        if (!Files.isRegularFile(CERTIFICATE)) {
            try {
                Files.createDirectories(DIR);
                Files.deleteIfExists(KEYSTORE);
                keytool("-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
                        "-keystore", KEYSTORE.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
                keytool("-exportcert", "-rfc", "-alias", "receiver", "-keystore", KEYSTORE.toString(),
                        "-storepass", PASSWORD, "-file", CERTIFICATE.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return CERTIFICATE;
    }

    /** An HTTPS server on 127.0.0.1 (any free port) presenting the localhost certificate. */
    public static HttpsServer startServer() {
        certificatePem();
        try (InputStream in = Files.newInputStream(KEYSTORE)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 20);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
