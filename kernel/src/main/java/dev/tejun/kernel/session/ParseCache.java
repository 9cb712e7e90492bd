package dev.tejun.kernel.session;

import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Runbook;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last parse of a session's file. The file is read at every message and run; it is parsed again only when its
 * bytes changed.
 */
final class ParseCache {

    private record Parsed(byte[] bytes, Runbook runbook) {}

    private volatile Parsed last;

    Runbook of(byte[] bytes) {
        Parsed known = last;
        if (known == null || !Arrays.equals(bytes, known.bytes())) {
            known = new Parsed(bytes, RunbookFormat.parse(new String(bytes, StandardCharsets.UTF_8)));
            last = known;
        }
        return known.runbook();
    }

    /** The runbook as parsed last (at the running run's start, whose params a cell is rendered with). */
    Runbook last() {
        return last.runbook();
    }
}
