package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Links read from a multipart mail the way Keycloak sends it: a quoted-printable text part and an HTML part. */
class MailLinksTest {

    static final String MAIL = """
            Subject: Verify email
            Content-Type: multipart/alternative; boundary="----=_Part_1"

            ------=_Part_1
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: quoted-printable

            Open http://localhost:8080/realms/r/login-actions/action-token?key=3DeyJ=
            hbGc.x&client_id=3Dacc
            ------=_Part_1
            Content-Type: text/html; charset=UTF-8
            Content-Transfer-Encoding: 7bit

            <a href="http://localhost:8080/realms/r/login-actions/action-token?key&#61;eyJhbGc.x&amp;client_id&#x3D;acc">x</a>
            ------=_Part_1--
            """;

    @Test
    void quotedPrintableAndHtmlEscapesAreUndone() {
        String expected = "http://localhost:8080/realms/r/login-actions/action-token?key=eyJhbGc.x&client_id=acc";
        assertEquals(List.of(expected, expected), MailLinks.of(new SmtpReceiver.Mail("a@b", List.of("c@d"), MAIL)));
    }
}
