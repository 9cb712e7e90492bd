package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;

/**
 * One line of a cell's {@code chunks.jsonl}: when a chunk of output arrived ({@code t}), its stream ({@code s}:
 * {@code stdout} or {@code stderr}), host ({@code h}, null unless the cell fans out), and where it lies in its
 * stream file: from byte {@code o}, {@code n} bytes. The names are short because a flood writes a line per chunk.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkEntry(Instant t, String s, String h, long o, long n) {

    /** The stream file this chunk lies in. */
    public String file() {
        return EvidenceLayout.streamFile(s, h);
    }

    /** The line as written: built by hand, as it is written once per chunk of output. */
    String line() throws JsonProcessingException {
        return "{\"t\":\"" + t + "\",\"s\":\"" + s + "\",\"h\":"
                + (h == null ? "null" : EvidenceStore.JSON.writeValueAsString(h))
                + ",\"o\":" + o + ",\"n\":" + n + "}\n";
    }
}
