package io.keycloakhooks.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PageTextTest {

    @Test
    void textWithoutMarkupCharactersIsUnchanged() {
        String text = "Sign-ups from this domain are closed.";
        assertSame(text, PageText.plain(text));
        assertNull(PageText.plain(null));
    }

    @Test
    void noTagOrEntitySurvives() {
        String shown = PageText.plain("<a href=\"https://phish.example/reset\">Reset</a><img src=x>&amp;&lt;b&gt;");
        assertFalse(shown.matches("(?s).*<[A-Za-z/!?].*"), shown);
        assertFalse(shown.matches("(?s).*&[A-Za-z#].*"), shown);
    }

    @Test
    void theTextReadsAsWrittenWithoutTheInvisibleJoiners() {
        String text = "<script>alert(1)</script><b>bold</b> & <<x";
        assertEquals(text, PageText.plain(text).replace("\u2060", ""));
        assertEquals("<\u2060b>", PageText.plain("<b>"));
        assertEquals("&\u2060", PageText.plain("&"));
    }

    @Test
    void applyingTwiceAddsNothing() {
        String once = PageText.plain("<b>&amp;");
        assertEquals(once, PageText.plain(once));
    }
}
