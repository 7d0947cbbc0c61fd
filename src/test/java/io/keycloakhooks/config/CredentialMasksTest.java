package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CredentialMasksTest {

    private static final String M = Secrets.MASK;
    private static final URI STORED = URI.create("https://bot:s3cret@hooks.example.com:8443/services/T0/B1?token=abc&x=1&x=2#frag");

    @Test
    void userinfoAndEveryQueryValueAreMaskedPathAndFragmentAreNot() {
        assertEquals("https://" + M + "@hooks.example.com:8443/services/T0/B1?token=" + M + "&x=" + M + "&x=" + M + "#frag",
                CredentialMasks.maskUrl(STORED));
        assertEquals("https://hooks.example.com/plain", CredentialMasks.maskUrl(URI.create("https://hooks.example.com/plain")));
        assertEquals("https://h.example/?flag&empty=", CredentialMasks.maskUrl(URI.create("https://h.example/?flag&empty=")));
    }

    @Test
    void theMaskedUrlWrittenBackIsTheStoredOne() {
        String masked = CredentialMasks.maskUrl(STORED);
        assertEquals(STORED.toString(), CredentialMasks.unmaskUrl(masked, Optional.of(STORED)).url());
    }

    @Test
    void aChangedPathKeepsTheMaskedValuesANewValueReplacesOne() {
        CredentialMasks.Result result = CredentialMasks.unmaskUrl(
                "https://" + M + "@hooks.example.com:8443/other?token=new&x=" + M, Optional.of(STORED));
        assertEquals("https://bot:s3cret@hooks.example.com:8443/other?token=new&x=1", result.url());
    }

    @Test
    void masksNeverFollowTheUrlToAnotherSchemeHostOrPort() {
        for (String elsewhere : new String[] {"https://evil.example:8443/services?token=" + M,
                "http://hooks.example.com:8443/services?token=" + M, "https://hooks.example.com/services?token=" + M}) {
            CredentialMasks.Result result = CredentialMasks.unmaskUrl(elsewhere, Optional.of(STORED));
            assertNull(result.url(), elsewhere);
            assertTrue(result.error().contains("scheme, host and port"), result.error());
        }
        assertNotNull(CredentialMasks.unmaskUrl("https://h.example/?token=" + M, Optional.empty()).error(),
                "a create has nothing stored to keep");
    }

    @Test
    void aMaskWithNothingStoredBehindItIsRefused() {
        assertTrue(CredentialMasks.unmaskUrl("https://hooks.example.com:8443/?missing=" + M, Optional.of(STORED)).error()
                .contains("no query value 'missing'"));
        assertTrue(CredentialMasks.unmaskUrl("https://hooks.example.com:8443/?x=" + M + "&x=" + M + "&x=" + M,
                Optional.of(STORED)).error().contains("no query value 'x'"));
        assertTrue(CredentialMasks.unmaskUrl("https://hooks.example.com:8443/?token=a" + M, Optional.of(STORED)).error()
                .contains("whole"));
    }

    @Test
    void headersAreMaskedByNameAndFoundIgnoringCase() {
        assertEquals(Map.of("Authorization", M), CredentialMasks.maskHeaders(Map.of("Authorization", "Bearer t")));
        assertEquals("Bearer t", CredentialMasks.storedHeader("authorization", Map.of("Authorization", "Bearer t")));
        assertNull(CredentialMasks.storedHeader("X-Other", Map.of("Authorization", "Bearer t")));
        assertFalse(CredentialMasks.sameOrigin(URI.create("https://a.example"), URI.create("https://a.example:444")));
        assertTrue(CredentialMasks.sameOrigin(URI.create("https://A.example"), URI.create("https://a.example:443/x")));
    }

    @Test
    void queryValuesAreMappedOneByOneAndTheRestOfTheUrlKept() {
        URI url = URI.create("https://h.example:8443/p/a%20th?token=abc&flag&x=1&empty=#f");
        assertEquals(URI.create("https://h.example:8443/p/a%20th?token=_abc_&flag&x=_1_&empty=#f"),
                CredentialMasks.mapQueryValues(url, v -> "_" + v + "_"));
        URI encrypted = CredentialMasks.mapQueryValues(url, v -> "enc:v1:a2V5:" + v);
        assertEquals("h.example", encrypted.getHost(), "an encrypted query value keeps the URL readable");
        assertEquals(url, CredentialMasks.mapQueryValues(encrypted, v -> v.substring("enc:v1:a2V5:".length())));
    }

    @Test
    void aVaultUrlShowsAsItsReference() {
        Endpoint endpoint = new Endpoint(Endpoint.vaultUrl("${vault.slack_url}"), null, null, java.time.Duration.ofSeconds(1));
        assertEquals("${vault.slack_url}", CredentialMasks.maskUrl(endpoint));
        assertEquals("${vault.slack_url}", endpoint.urlText());
        assertEquals(endpoint.url(), CredentialMasks.mapQueryValues(endpoint.url(), v -> "changed"));
    }
}
