package io.keycloakhooks.transport;

import static io.keycloakhooks.transport.LocalReceiver.respond;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS hooks: the given trust decides, and the certificate must match the URL's host name. */
class HookHttpClientTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static KeyStore localhostCert;
    private static KeyStore otherNameCert;

    @BeforeAll
    static void makeCertificates() throws Exception {
        localhostCert = selfSigned("localhost", "dns:localhost,ip:127.0.0.1");
        otherNameCert = selfSigned("receiver", "dns:receiver.test");
    }

    @Test
    void aTrustedCertificateForTheHostNameIsAccepted() throws Exception {
        try (LocalReceiver receiver = LocalReceiver.https(serverTls(localhostCert)).on("/ok", ex -> respond(ex, 200, "secure"));
                HookHttpClient client = client(trusting(localhostCert))) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                HookResponse response = post(client, receiver, host);
                assertTrue(response.isSuccess(), host + ": " + response);
                assertEquals("secure", response.body());
            }
        }
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefused() throws Exception {
        try (LocalReceiver receiver = LocalReceiver.https(serverTls(otherNameCert)).on("/ok", ex -> respond(ex, 200, "x"));
                HookHttpClient client = client(trusting(otherNameCert))) {
            HookResponse response = post(client, receiver, "localhost");
            assertFalse(response.isSuccess());
            assertEquals("TLS failure: the certificate does not match the host name", response.error());
            assertTrue(receiver.received.isEmpty());
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedWithTheJdkDefaultTrust() throws Exception {
        try (LocalReceiver receiver = LocalReceiver.https(serverTls(localhostCert)).on("/ok", ex -> respond(ex, 200, "x"));
                HookHttpClient client = client(null)) {
            HookResponse response = post(client, receiver, "localhost");
            assertFalse(response.isSuccess());
            assertEquals("TLS failure: the certificate is not trusted", response.error());
            assertTrue(receiver.received.isEmpty());
        }
    }

    private static HookResponse post(HookHttpClient client, LocalReceiver receiver, String host) {
        return client.post(new HookRequest(receiver.url("https", host, "/ok"), Map.of(), "{}".getBytes(),
                Duration.ofSeconds(5)));
    }

    private static HookHttpClient client(SSLContext trust) {
        return new HookHttpClient(DestinationPolicy.of(List.of(), true), trust, null, "ua");
    }

    private static KeyStore selfSigned(String name, String subjectAlternativeNames) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static SSLContext serverTls(KeyStore identity) throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        return tls;
    }

    private static SSLContext trusting(KeyStore identity) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        String alias = identity.aliases().nextElement();
        trusted.setCertificateEntry(alias, identity.getCertificate(alias));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
