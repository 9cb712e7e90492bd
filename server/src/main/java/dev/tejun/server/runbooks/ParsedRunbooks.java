package dev.tejun.server.runbooks;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.format.SecretDefaults;
import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runbooks of the folder, each parsed once per text: the list and the search read every runbook at every
 * request (5,000 of them on a large team), and parsing the Markdown was most of that. Every file is still read each
 * time and its text compared with the text parsed, so an edit by any means (the browser, Git, an editor on the
 * server) shows at the next request; a file's modification time is not trusted (two writes within its resolution).
 */
public final class ParsedRunbooks {

    /**
     * One runbook as read.
     *
     * @param headings the headings of its prose, without the leading #s, in file order
     * @param source   the file's text, secret params' defaults replaced (what a viewer may read of it)
     * @param text     that text in lower case (for searching it)
     */
    public record Parsed(String name, Runbook runbook, List<String> headings, String source, String text) {}

    private record Entry(String text, Parsed parsed) {}

    private final RunbookFolder folder;
    private final Map<String, Entry> byName = new ConcurrentHashMap<>();

    public ParsedRunbooks(RunbookFolder folder) {
        this.folder = folder;
    }

    /** The runbook {@code name}, parsed again only if its text changed since it was last read. */
    public Parsed read(String name) throws IOException {
        String text = new String(folder.read(name), StandardCharsets.UTF_8);
        Entry known = byName.get(name);
        if (known != null && known.text().equals(text)) {
            return known.parsed();
        }
        Runbook runbook = RunbookFormat.parse(text);
        // a search by a viewer must not find a secret param's default, which only editors are shown
        String shown = SecretDefaults.redact(text);
        Parsed parsed = new Parsed(name, runbook, headings(runbook), shown, shown.toLowerCase(Locale.ROOT));
        byName.put(name, new Entry(text, parsed));
        return parsed;
    }

    /** Every runbook of the folder in the folder's order; a file removed meanwhile is left out and forgotten. */
    public List<Parsed> all() throws IOException {
        List<String> names = folder.list();
        List<Parsed> out = new ArrayList<>(names.size());
        for (String name : names) {
            try {
                out.add(read(name));
            } catch (NoSuchFileException e) {
                // deleted between the listing and the read
            }
        }
        byName.keySet().retainAll(new HashSet<>(names));
        return out;
    }

    /** Headings of the prose cells (ATX headings: lines starting with 1–6 #s and a space), outside fences. */
    static List<String> headings(Runbook runbook) {
        List<String> out = new ArrayList<>();
        for (Cell cell : runbook.cells()) {
            if (cell instanceof CodeCell) {
                continue;
            }
            boolean fenced = false;
            for (String line : ((ProseCell) cell).source().split("\n")) {
                String s = line.strip();
                if (s.startsWith("```") || s.startsWith("~~~")) {
                    fenced = !fenced;
                } else if (!fenced && s.matches("#{1,6}\\s+.*")) {
                    out.add(s.replaceFirst("^#{1,6}\\s+", "")
                            .replaceFirst("\\s+#+$", "")
                            .strip());
                }
            }
        }
        return out;
    }
}
