package io.keycloakhooks.flow;

/**
 * A hook's text made safe for a login page of any theme and Keycloak version. Some themes print messages through
 * Keycloak's HTML sanitizer ({@code kcSanitize}), which decodes entities first and keeps "harmless" tags, so
 * escaping cannot help there. A WORD JOINER (U+2060, invisible) after every {@code <} and {@code &} leaves no tag and
 * no entity for any theme to interpret, while the text reads exactly as written.
 */
final class PageText {

    static final char WORD_JOINER = '\u2060';

    private PageText() {
    }

    static String plain(String text) {
        if (text == null || (text.indexOf('<') < 0 && text.indexOf('&') < 0)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c);
            if ((c == '<' || c == '&') && (i + 1 >= text.length() || text.charAt(i + 1) != WORD_JOINER)) {
                out.append(WORD_JOINER);
            }
        }
        return out.toString();
    }
}
