package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The report shows output as a terminal left it: CR overwrites the line, escape sequences are taken out. */
class TerminalTextTest {

    @Test
    void render_progressBarWithCarriageReturns_keepsItsLastState() {
        assertEquals("100%\ndone\n", TerminalText.render(" 10%\r 50%\r100%\ndone\n"));
    }

    @Test
    void render_shorterTextAfterCr_overwritesOnlyItsColumns() {
        assertEquals("Xbc\n", TerminalText.render("abc\rX\n"));
    }

    @Test
    void render_crLf_isOneLineEnd() {
        assertEquals("a\nb\n", TerminalText.render("a\r\nb\r\n"));
    }

    @Test
    void render_colourAndCursorSequences_areTakenOut() {
        assertEquals("ok warn\n", TerminalText.render("\u001b[32mok\u001b[0m \u001b[1;33mwarn\u001b[0m\u001b[K\n"));
    }

    @Test
    void render_windowTitleAndUnfinishedEscape_leaveNoMark() {
        assertEquals("x\n", TerminalText.render("\u001b]0;title\u0007x\n\u001b["));
    }
}
