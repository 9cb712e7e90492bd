package dev.tejun.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.server.fixtures.Catalogues;
import dev.tejun.server.fixtures.WebUiFiles;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web pages' message catalogues (web/i18n/LANG/NAMESPACE.json, read by lib/i18n.js) are complete: every
 * namespace in every language with the same keys and the same {{placeholders}}, one namespace per page, and every key
 * a page's HTML or a script it loads asks for is there. A key added in English only, or used in a script and never
 * written down, fails here rather than showing as a bare key in a Japanese browser.
 */
class CatalogueTest {

    static final List<String> LANGUAGES = List.of("en", "ja");

    private static final Pattern HTML_KEY = Pattern.compile("data-i18n=\"([^\"]+)\"");
    private static final Pattern HTML_ATTR_KEYS = Pattern.compile("data-i18n-attr=\"([^\"]+)\"");
    /** t('key', …) in a script, and any 'ns:key' literal (keys kept in tables, like the header's sections). */
    private static final Pattern JS_KEY = Pattern.compile("\\bt\\(\\s*'([^'$]+)'|'((?:common|[a-z-]+):[\\w.-]+)'");

    private static final Pattern SCRIPT_SRC = Pattern.compile("<script[^>]*\\ssrc=\"([^\"#?]+\\.js)\"");
    private static final Pattern IMPORT = Pattern.compile("(?:import|export)\\s[^;'\"]*?from\\s*'([^']+)'");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    static Map<String, String> catalogue(String lang, String ns) {
        return Catalogues.read(lang, ns);
    }

    static Set<String> namespaces(String lang) {
        Set<String> found = new TreeSet<>();
        String prefix = "i18n/" + lang + "/";
        for (String path : WebUiFiles.all().keySet()) {
            if (path.startsWith(prefix) && path.endsWith(".json")) {
                found.add(path.substring(prefix.length(), path.length() - ".json".length()));
            }
        }
        return found;
    }

    @Test
    void catalogues_everyLanguage_hasTheSameNamespacesKeysAndPlaceholders() {
        List<String> problems = new ArrayList<>();
        Set<String> all = new TreeSet<>();
        LANGUAGES.forEach(l -> all.addAll(namespaces(l)));
        for (String ns : all) {
            Map<String, String> en = catalogue("en", ns);
            for (String lang : LANGUAGES) {
                Map<String, String> other = catalogue(lang, ns);
                if (other == null) {
                    problems.add(lang + "/" + ns + ".json is missing");
                    continue;
                }
                if (en == null) {
                    continue;
                }
                for (String key : en.keySet()) {
                    if (!other.containsKey(key)) {
                        problems.add(lang + "/" + ns + ": no " + key);
                    } else if (other.get(key).isBlank()) {
                        problems.add(lang + "/" + ns + ": " + key + " is empty");
                    } else if (!placeholders(en.get(key)).equals(placeholders(other.get(key)))) {
                        problems.add(lang + "/" + ns + ": " + key + " has other placeholders than in en");
                    }
                }
                for (String key : other.keySet()) {
                    if (!en.containsKey(key)) {
                        problems.add("en/" + ns + ": no " + key + " (" + lang + " has it)");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void pages_everyKeyTheirHtmlAndScriptsUse_isInTheCatalogue() {
        List<String> problems = new ArrayList<>();
        Map<String, String> common = catalogue("en", "common");
        WebUiFiles.pages().forEach(page -> {
            String file = page.substring(1);
            String ns = file.replaceFirst("\\.html$", "");
            Map<String, String> own = catalogue("en", ns);
            if (own == null) {
                problems.add(file + ": no namespace i18n/en/" + ns + ".json");
                return;
            }
            String html = WebUiFiles.all().get(file);
            Set<String> keys = new LinkedHashSet<>();
            HTML_KEY.matcher(html).results().forEach(m -> keys.add(m.group(1)));
            HTML_ATTR_KEYS.matcher(html).results().forEach(m -> {
                for (String pair : m.group(1).trim().split("\\s+")) {
                    keys.add(pair.substring(pair.indexOf(':') + 1));
                }
            });
            for (String script : scriptsOf(file, html)) {
                Matcher m = JS_KEY.matcher(WebUiFiles.all().getOrDefault(script, ""));
                while (m.find()) {
                    keys.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
            for (String key : keys) {
                if (!has(key, ns, own, common)) {
                    problems.add(file + ": " + key + " is not in the catalogue");
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    private static boolean has(String key, String ns, Map<String, String> own, Map<String, String> common) {
        String k = key;
        Map<String, String> where = null;
        if (key.contains(":")) {
            String prefix = key.substring(0, key.indexOf(':'));
            k = key.substring(key.indexOf(':') + 1);
            where = prefix.equals("common") ? common : prefix.equals(ns) ? own : null;
            if (where == null) {
                return true; // a key of another page's namespace: that page's check covers it
            }
        }
        for (Map<String, String> m : where == null ? List.of(own, common) : List.of(where)) {
            if (m.containsKey(k) || m.containsKey(k + "_other")) {
                return true;
            }
        }
        return false;
    }

    /** The scripts a page loads: its script tags and, transitively, what they import. */
    static Set<String> scriptsOf(String page, String html) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>();
        SCRIPT_SRC.matcher(html).results().forEach(m -> todo.add(resolve("", m.group(1))));
        while (!todo.isEmpty()) {
            String script = todo.removeLast();
            if (script == null || !seen.add(script)) {
                continue;
            }
            String text = WebUiFiles.all().getOrDefault(script, "");
            String dir = script.contains("/") ? script.substring(0, script.lastIndexOf('/') + 1) : "";
            IMPORT.matcher(text).results().forEach(m -> todo.add(resolve(dir, m.group(1))));
        }
        return seen;
    }

    private static String resolve(String dir, String spec) {
        if (spec.startsWith("/webjars/") || spec.startsWith("http")) {
            return null;
        }
        String path = spec.startsWith("/") ? spec.substring(1) : dir + spec;
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.equals("..")) {
                parts.removeLast();
            } else if (!p.equals(".") && !p.isEmpty()) {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        PLACEHOLDER.matcher(text).results().forEach(m -> found.add(m.group(1)));
        return found;
    }
}
