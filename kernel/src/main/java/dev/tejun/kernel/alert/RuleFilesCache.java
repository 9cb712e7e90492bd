package dev.tejun.kernel.alert;

import dev.tejun.kernel.folder.RunbookFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules of a runbook folder for a server that decides every event with them: each {@code rules/*.yaml} is read
 * on every call but parsed again only when its text differs from the last read, so an edit counts from the next
 * event while an unchanged file costs a read instead of a YAML parse and a line search per rule. (A file's time is
 * not enough: two same-size writes within one clock tick of the file system keep it.) Files added or removed count
 * at once: the folder is listed on every call.
 */
public final class RuleFilesCache {

    private record Read(String text, RuleFiles.Parsed parsed) {}

    private Map<Path, Read> reads = Map.of();

    /** As {@link RuleFiles#load}, reusing what a file whose text did not change yielded. */
    public synchronized RuleFiles.Parsed load(RunbookFolder folder) throws IOException {
        Map<Path, Read> seen = new HashMap<>();
        RuleFiles.Parsed all = RuleFiles.load(folder, f -> {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Read last = reads.get(f);
            Read now = last != null && last.text().equals(text)
                    ? last
                    : new Read(text, RuleFiles.parse(RuleFiles.FOLDER + "/" + f.getFileName(), text));
            seen.put(f, now);
            return now.parsed();
        });
        reads = seen;
        return all;
    }
}
