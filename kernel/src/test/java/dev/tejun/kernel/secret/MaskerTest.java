package dev.tejun.kernel.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.RecordingOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskerTest {

    private static String through(MaskingOutput out, RecordingOutput rec, String... chunks) {
        for (String c : chunks) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            out.write(Stream.STDOUT, null, b, 0, b.length);
        }
        out.flush();
        return rec.stdoutText();
    }

    @Test
    void write_secretSplitAtEveryPosition_isMasked() {
        String text = "before hunter2-secret after\n";
        for (int cut = 0; cut <= text.length(); cut++) {
            RecordingOutput rec = new RecordingOutput();
            String got = through(
                    new MaskingOutput(rec, List.of("hunter2-secret")),
                    rec,
                    text.substring(0, cut),
                    text.substring(cut));
            assertEquals("before ******** after\n", got, "cut at " + cut);
        }
    }

    @Test
    void write_partialLine_isPassedOnBeforeTheLineEnds() {
        RecordingOutput rec = new RecordingOutput();
        MaskingOutput out = new MaskingOutput(rec, List.of("hunter2-secret"));
        byte[] b = "progress 50% hun".getBytes(StandardCharsets.UTF_8);
        out.write(Stream.STDOUT, null, b, 0, b.length);
        assertEquals("progress 50% ", rec.stdoutText(), "only what could start the secret is held back");
        b = "dred\n".getBytes(StandardCharsets.UTF_8);
        out.write(Stream.STDOUT, null, b, 0, b.length);
        assertEquals("progress 50% hundred\n", rec.stdoutText());
    }

    @Test
    void mask_longerSecretSharingAPrefix_winsWhenItArrivesLater() {
        RecordingOutput rec = new RecordingOutput();
        assertEquals(
                "x ******** y\n", through(new MaskingOutput(rec, List.of("abc", "abcdef")), rec, "x abc", "def y\n"));
        assertEquals("x ********d\n", Masker.of(List.of("abc", "abcdef")).mask("x abcd\n"));
    }

    @Test
    void mask_manySecrets_masksEachAndLeavesTheRest() {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            secrets.add("secret-" + Integer.toHexString(i * 7919) + "-v");
        }
        Masker m = Masker.of(secrets);
        assertEquals(
                "a ******** b ******** c secret-nope-v",
                m.mask("a " + secrets.get(17) + " b " + secrets.get(4999) + " c secret-nope-v"));
    }

    @Test
    void mask_noSecrets_returnsTheSameArray() {
        byte[] b = "plain".getBytes(StandardCharsets.UTF_8);
        assertSame(b, Masker.of(List.of()).mask(b));
        assertSame(b, Masker.of(List.of("elsewhere")).mask(b));
    }
}
