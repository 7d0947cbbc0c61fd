package io.keycloakhooks.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Utf8TextTest {

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void nullAndShortTextsStayAsTheyAre() {
        assertNull(Utf8Text.cut(null, 10));
        String text = "caf\u00e9";
        assertSame(text, Utf8Text.cut(text, 5));
        assertEquals("", Utf8Text.cut("abc", 0));
    }

    @Test
    void asciiIsCutAtTheByteCount() {
        assertEquals("x".repeat(1000), Utf8Text.cut("x".repeat(3035), 1000));
        assertEquals("abc", Utf8Text.cut("abc", 3));
    }

    @Test
    void multiByteCharactersCountTheirBytesAndAreNeverSplit() {
        assertEquals("\u00e9\u00e9", Utf8Text.cut("\u00e9\u00e9\u00e9", 5)); // 2 bytes each
        assertEquals("\u20ac", Utf8Text.cut("\u20ac\u20ac", 5)); // 3 bytes each
        assertEquals("a\u20ac", Utf8Text.cut("a\u20acb", 4));
        String rocket = "\uD83D\uDE80"; // 4 bytes, 2 chars
        assertEquals("ab", Utf8Text.cut("ab" + rocket, 5), "no half surrogate pair");
        assertEquals("ab" + rocket, Utf8Text.cut("ab" + rocket + "c", 6));
    }

    @Test
    void aLongMixedTextFitsItsColumnInBytes() {
        String text = ("Zo\u00eb \u2603 \uD83D\uDE80 ").repeat(400);
        for (int max : new int[] {1, 2, 3, 4, 5, 255, 500, 1000}) {
            String cut = Utf8Text.cut(text, max);
            assertTrue(bytes(cut) <= max && bytes(cut) > max - 4, max + ": " + bytes(cut));
            assertTrue(text.startsWith(cut));
            assertTrue(cut.isEmpty() || !Character.isHighSurrogate(cut.charAt(cut.length() - 1)), "whole characters");
        }
    }

    @Test
    void aLoneSurrogateCountsAsThreeBytes() {
        assertEquals("ab", Utf8Text.cut("ab\uD83D", 4));
        assertEquals("ab\uD83D", Utf8Text.cut("ab\uD83D", 5));
    }
}
