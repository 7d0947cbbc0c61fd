package io.keycloakhooks.text;

/**
 * Cuts a text to a column size counted in UTF-8 bytes: Oracle and MySQL count a column's size in bytes, and a
 * row with a longer value is refused. A cut never splits a character (a surrogate pair stays whole). Every table
 * of the extension bounds its texts with it (execution log, outbox messages and attempts).
 */
public final class Utf8Text {

    private Utf8Text() {
    }

    /** The longest prefix of {@code text} that takes at most {@code maxBytes} bytes in UTF-8; null stays null. */
    public static String cut(String text, int maxBytes) {
        if (text == null || (long) text.length() * 3 <= maxBytes) {
            return text; // no char takes more than 3 bytes (a surrogate pair takes 4 for 2 chars)
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            // a lone surrogate counts 3 bytes, the most a driver writes for it
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                return text.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(c);
        }
        return text;
    }
}
