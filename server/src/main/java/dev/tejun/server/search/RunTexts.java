package dev.tejun.server.search;

import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.RunIds;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.server.runs.RunIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a search reads of a recent run besides its index row: its params ({@code name=value} lines from run.json)
 * and the output its cells wrote (every {@code *.bin} stream file, as evidence keeps it: secrets already masked),
 * up to {@link #MAX_CHARS}. A viewer may read all of it on the run page, so searching it shows nothing more. Only
 * the newest {@link #RUNS} runs are read; the text of an ended run does not change and is kept (the last
 * {@link #KEPT}).
 */
final class RunTexts {

    /** The newest runs whose params and output a search reads. */
    static final int RUNS = 200;
    /** How much of a run's text is searched. */
    static final int MAX_CHARS = 256 * 1024;

    private static final int KEPT = 400;

    private final Path evidence;
    private final Map<String, String> ended = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    RunTexts(Path evidence) {
        this.evidence = evidence;
    }

    /** The run's params and output as one text (empty when this server has no evidence of it). */
    String text(RunIndex.RunRow run) {
        synchronized (ended) {
            String known = ended.get(run.runId());
            if (known != null) {
                return known;
            }
        }
        String text = read(run.runId());
        if (run.finishedAt() != null) {
            synchronized (ended) {
                ended.put(run.runId(), text);
            }
        }
        return text;
    }

    private String read(String runId) {
        if (!RunIds.isRunId(runId)) {
            return "";
        }
        Path dir = evidence.resolve(runId);
        StringBuilder out = new StringBuilder();
        try {
            RunJson run = EvidenceLayout.readRun(dir);
            run.params().forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
            Path cells = dir.resolve(EvidenceLayout.CELLS);
            if (!Files.isDirectory(cells)) {
                return out.toString();
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(cells, 2)) {
                files = walk.filter(f -> f.getFileName().toString().endsWith(".bin") && Files.isRegularFile(f))
                        .sorted()
                        .toList();
            }
            for (Path file : files) {
                if (out.length() >= MAX_CHARS) {
                    break;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] bytes = in.readNBytes(MAX_CHARS - out.length());
                    out.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
                }
            }
        } catch (IOException | RuntimeException e) {
            // a run whose evidence is elsewhere (another server) or unreadable is found by its index row only
        }
        return out.toString();
    }
}
