package dev.tejun.kernel.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.RecordingOutput;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ways around masking that a cell has without effort: two streams, escape sequences, common encodings. */
class MaskingGapsTest {

    private static final String SECRET = "hunter2-secret";

    private static void write(MaskingOutput out, Stream stream, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write(stream, null, b, 0, b.length);
    }

    @Test
    void write_secretSplitAcrossStdoutAndStderr_isMaskedAtEveryCut() {
        String text = "before " + SECRET + " after\n";
        for (int cut = 0; cut <= text.length(); cut++) {
            RecordingOutput rec = new RecordingOutput();
            MaskingOutput out = new MaskingOutput(rec, List.of(SECRET));
            write(out, Stream.STDOUT, text.substring(0, cut));
            write(out, Stream.STDERR, text.substring(cut));
            out.flush();
            String both = rec.stdoutText() + rec.stderrText();
            assertFalse(both.contains("hunter2") && cut > 7, "cut at " + cut + ": " + both);
            assertTrue(both.contains("********"), "cut at " + cut + ": " + both);
            assertFalse(both.replace("********", "").contains("secret "), "cut at " + cut + ": " + both);
        }
    }

    @Test
    void write_twoStreamsWithoutSecret_keepTheirBytesAndOrder() {
        RecordingOutput rec = new RecordingOutput();
        MaskingOutput out = new MaskingOutput(rec, List.of(SECRET));
        write(out, Stream.STDOUT, "out hunt");
        write(out, Stream.STDERR, "err line\n");
        write(out, Stream.STDOUT, "ing\n");
        out.flush();
        assertEquals("out hunting\n", rec.stdoutText());
        assertEquals("err line\n", rec.stderrText());
    }

    @Test
    void mask_secretSplitByTerminalEscapes_isMasked() {
        Masker m = Masker.of(List.of(SECRET));
        assertEquals("x ******** y", m.mask("x hunt\u001b[0mer2-se\u001b[1;31mcret y"));
        assertEquals("x ******** y", m.mask("x hunter2\u001b]0;title\u0007-secret y"));
        assertEquals("\u001b[32mok\u001b[0m", m.mask("\u001b[32mok\u001b[0m"), "escapes without a secret are kept");
    }

    @Test
    void write_escapeSequenceCutBetweenWrites_isMaskedAtEveryCut() {
        String text = "a hunter2\u001b[38;5;196m-secret b\n";
        for (int cut = 0; cut <= text.length(); cut++) {
            RecordingOutput rec = new RecordingOutput();
            MaskingOutput out = new MaskingOutput(rec, List.of(SECRET));
            write(out, Stream.STDOUT, text.substring(0, cut));
            write(out, Stream.STDOUT, text.substring(cut));
            out.flush();
            assertEquals("a ******** b\n", rec.stdoutText(), "cut at " + cut);
        }
    }

    @Test
    void mask_secretInHexOrBase64_isMasked() {
        Masker m = Masker.of(List.of(SECRET));
        byte[] s = SECRET.getBytes(StandardCharsets.UTF_8);
        assertEquals("********\n", m.mask(HexFormat.of().formatHex(s) + "\n"));
        assertEquals("********\n", m.mask(HexFormat.of().withUpperCase().formatHex(s) + "\n"));
        String b64 = Base64.getEncoder().encodeToString(s);
        assertFalse(m.mask(b64).contains(b64.substring(0, 12)), m.mask(b64));
        for (String around : List.of("", "x", "xy", "xyz")) { // every alignment inside a longer encoded text
            String longer =
                    Base64.getEncoder().encodeToString((around + SECRET + "tail").getBytes(StandardCharsets.UTF_8));
            String urlSafe =
                    Base64.getUrlEncoder().encodeToString((around + SECRET + "??>>").getBytes(StandardCharsets.UTF_8));
            assertTrue(m.mask(longer).contains("********"), around + ": " + m.mask(longer));
            assertTrue(m.mask(urlSafe).contains("********"), around + ": " + m.mask(urlSafe));
        }
    }

    @Test
    void mask_shortSecretEncodings_areNotMasked() {
        // Encodings of a 3-byte secret are 4 characters: they would mask ordinary words.
        assertEquals("6162630a", Masker.of(List.of("abc")).mask("6162630a"));
    }
}
