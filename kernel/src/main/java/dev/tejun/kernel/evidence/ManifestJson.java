package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * A run's {@code manifest.json} ({@link Manifest}): its place in the chain ({@code seq}, 0 in manifests from before
 * numbering), the run sealed before it ({@code previous}, null for the first) and the SHA-256 of each file by path.
 * Its bytes are what is hashed and MACed, so the field order is fixed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"runId", "seq", "previous", "files"})
public record ManifestJson(String runId, long seq, Manifest.Link previous, Map<String, String> files) {

    public ManifestJson {
        files = files == null ? Map.of() : files;
    }
}
