package io.keycloakhooks.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keycloakhooks.transport.Signatures;
import org.junit.jupiter.api.Test;

class MessageEntityTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static MessageEntity withIssuer(String issuer) {
        MessageEntity message = new MessageEntity();
        message.setIssuer(issuer);
        return message;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aShortAsciiIssuerIsKeptInIssuerOnly() {
        String issuer = "https://sso.example.com/realms/acme";
        MessageEntity message = withIssuer(issuer);
        assertEquals(issuer, message.issuerColumn());
        assertNull(message.longIssuerColumn());
        assertEquals(issuer, message.getIssuer());

        String full = "https://" + "a".repeat(MessageEntity.ISSUER_COLUMN - 8);
        assertEquals(MessageEntity.ISSUER_COLUMN, full.length());
        assertNull(withIssuer(full).longIssuerColumn(), "exactly the column's size still fits");
    }

    @Test
    void aLongIssuerIsKeptWholeInLongIssuerAndItsPrefixFitsIssuer() {
        String issuer = "http://" + "h".repeat(1100) + ":8080/realms/acme";
        MessageEntity message = withIssuer(issuer);
        assertEquals(issuer, message.longIssuerColumn());
        assertEquals(issuer, message.getIssuer());
        assertEquals(MessageEntity.ISSUER_COLUMN, bytes(message.issuerColumn()));
        assertTrue(issuer.startsWith(message.issuerColumn()));
    }

    @Test
    void aNonAsciiIssuerIsKeptInLongIssuerAndItsPrefixFitsIssuerInBytes() {
        String realm = "r\u00e9alm-\u20ac-\uD83D\uDE80";
        String shortIssuer = "https://sso.example.com/realms/" + realm;
        MessageEntity message = withIssuer(shortIssuer);
        assertEquals(shortIssuer, message.longIssuerColumn(), "a byte-counted or non-Unicode column would not keep it");
        assertEquals(shortIssuer, message.issuerColumn());
        assertEquals(shortIssuer, message.getIssuer());

        String longIssuer = "https://sso.example.com/realms/" + realm.repeat(200);
        MessageEntity long1 = withIssuer(longIssuer);
        assertEquals(longIssuer, long1.getIssuer());
        assertTrue(bytes(long1.issuerColumn()) <= MessageEntity.ISSUER_COLUMN);
        assertTrue(bytes(long1.issuerColumn()) > MessageEntity.ISSUER_COLUMN - 4);
        assertTrue(longIssuer.startsWith(long1.issuerColumn()));
    }

    @Test
    void aMessageWithALongIssuerIsSignedWithTheFullIssuer() throws Exception {
        String issuer = "http://" + "h".repeat(1100) + ":8080/realms/acme";
        MessageEntity message = withIssuer(issuer);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        String jwt = Signatures.headers(SECRET, "msg-1", Instant.now(), body, message.getIssuer()).get("x-webhook-secret");

        String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        assertEquals(issuer, new ObjectMapper().readTree(claims).get("iss").asText());
    }
}
