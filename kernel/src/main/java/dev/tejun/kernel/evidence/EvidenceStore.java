package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The evidence folder: one directory per run, named so that names sort by start time. */
public final class EvidenceStore {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Clock clock;
    private final GitLookup git = new GitLookup();

    public EvidenceStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    /** Where {@code file} stands in Git, for a run's record. */
    public GitInfo gitInfo(Path file, byte[] content) {
        return git.of(file, content);
    }

    public String newRunId() {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    }

    /** Starts recording a run: writes the runbook as it was and a first {@code run.json}. */
    public RunRecorder begin(RunInfo info) {
        Path dir = root.resolve(info.runId());
        try {
            Files.createDirectories(dir.resolve("cells"));
            return new RunRecorder(dir, info, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evidence under " + dir, e);
        }
    }
}
