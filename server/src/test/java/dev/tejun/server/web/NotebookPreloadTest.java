package dev.tejun.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.WebUiFiles;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * notebook.html names every module its scripts import as a modulepreload, so that the browser fetches them all at
 * once instead of one import level after another (bench/ui: the 500-cell notebook): a module added to the notebook
 * without its line, or a line left for a module nothing imports, fails here.
 */
class NotebookPreloadTest {

    static final Pattern SCRIPT = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"");
    static final Pattern PRELOAD = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\"");
    static final Pattern IMPORT = Pattern.compile(
            "^\\s*(?:import|export)\\b[^'\"]*?(?:from\\s+)?['\"](\\.{1,2}/[^'\"]+)['\"]", Pattern.MULTILINE);

    @Test
    void notebookPage_preloadsExactlyTheModulesItsScriptsImport() {
        Map<String, String> files = WebUiFiles.all();
        String html = files.get("notebook.html");
        Set<String> roots = matches(SCRIPT, html);
        Set<String> imported = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        Set<String> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            String file = todo.pop();
            if (!seen.add(file)) {
                continue;
            }
            String text = files.get(file);
            assertTrue(text != null, "no file " + file);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String target =
                        Path.of(file).resolveSibling(m.group(1)).normalize().toString();
                imported.add(target);
                todo.push(target);
            }
        }
        imported.removeAll(roots);
        assertTrue(imported.size() > 10, imported.toString());
        assertEquals(imported, matches(PRELOAD, html));
    }

    private static Set<String> matches(Pattern p, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
