package dev.tejun.kernel.format;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The YAML block at the top of a runbook, between a first line {@code ---} and the next line
 * {@code ---} or {@code ...}. The text is kept verbatim (so the file round-trips whatever the YAML
 * says); its meaning is read with Jackson, and broken YAML only costs the metadata, never the file.
 *
 * @param text      the front matter exactly as in the file, both delimiter lines included; "" when none
 * @param lineCount how many lines {@code text} spans, so body line indexes can be turned into file lines
 * @param unclosed  the file opens front matter that never ends
 */
record FrontMatter(String text, Metadata metadata, int lineCount, List<Problem> problems, boolean unclosed) {

    private static final ObjectReader YAML = Json.STRICT_YAML;

    static final FrontMatter NONE = new FrontMatter("", Metadata.EMPTY, 0, List.of(), false);

    FrontMatter {
        problems = List.copyOf(problems);
    }

    /** Finds and reads the front matter at the start of {@code text}; never throws. */
    static FrontMatter split(String text) {
        Lines lines = Lines.of(text);
        if (lines.count() == 0 || !isDelimiter(withoutBom(lines.content(0)), false)) {
            return NONE;
        }
        for (int i = 1; i < lines.count(); i++) {
            if (isDelimiter(lines.content(i), true)) {
                String yaml = text.substring(lines.start(1), lines.start(i));
                String whole = text.substring(0, lines.end(i));
                return read(whole, yaml, i + 1);
            }
        }
        // The required roles and params would be lost, so nothing in such a file may run:
        // the caller keeps the whole text as prose.
        return new FrontMatter(
                "",
                Metadata.EMPTY,
                0,
                List.of(
                        Problem.error(
                                1,
                                "front matter is never closed (no later line '---' or '...'); the whole file is read as prose and no cell runs")),
                true);
    }

    private static FrontMatter read(String whole, String yaml, int lineCount) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            int line = at != null && at.getLineNr() > 0 ? at.getLineNr() + 1 : 1;
            problems.add(Problem.error(line, "front matter is not valid YAML: " + oneLine(e.getOriginalMessage())));
            return new FrontMatter(whole, Metadata.EMPTY, lineCount, problems, false);
        } catch (RuntimeException e) {
            problems.add(Problem.error(1, "front matter is not valid YAML: " + e.getMessage()));
            return new FrontMatter(whole, Metadata.EMPTY, lineCount, problems, false);
        }
        Metadata metadata = new MetadataReader(yaml, problems).read(root);
        return new FrontMatter(whole, metadata, lineCount, problems, false);
    }

    /**
     * SnakeYAML's message spans several lines and quotes positions inside the YAML block, which
     * would contradict the file line the problem carries; keep only its sentences.
     */
    private static String oneLine(String message) {
        return message == null
                ? ""
                : message.lines()
                        .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith(" in "))
                        .map(String::strip)
                        .reduce((a, b) -> a + "; " + b)
                        .orElse(message.strip());
    }

    private static boolean isDelimiter(String line, boolean closing) {
        String trimmed = line.stripTrailing();
        return trimmed.equals("---") || (closing && trimmed.equals("..."));
    }

    private static String withoutBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
