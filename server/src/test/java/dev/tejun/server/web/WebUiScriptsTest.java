package dev.tejun.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.WebUiFiles;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A scan of the web-ui's scripts, without a browser: the helpers every page shares exist once (one HTTP client with
 * the CSRF token, one DOM helper, one reconnecting socket) and no page grows its own copy again; every import and
 * every file a page names exists, with the names it imports.
 */
class WebUiScriptsTest {

    static final String HTTP = "lib/http.js";
    static final String DOM = "lib/dom.js";
    static final String SOCKET = "lib/live-socket.js";
    /** The sign-in page's script is served before sign-in and stands alone on purpose (see Access.PUBLIC_FILES). */
    static final String LOGIN = "login.js";
    /**
     * The notebook's early reads: a classic script that starts the page's first GETs and its socket before the
     * modules load, and hands each to lib/http.js and lib/live-socket.js, which take them over (no CSRF, no retry).
     */
    static final String EARLY = "notebook/early.js";

    private static final Pattern OWN_EL = Pattern.compile("function\\s+el\\s*\\(|(?:const|let|var)\\s+el\\s*=");
    /** The header, the token read from /api/me, or a variable that keeps it (a comment may name CSRF). */
    private static final Pattern CSRF =
            Pattern.compile("x-csrf-token|\\.csrfToken\\b|\\bcsrf\\w*\\s*=", Pattern.CASE_INSENSITIVE);

    private static final Pattern FETCH = Pattern.compile("\\bfetch\\s*\\(");
    /** A message catalogue named from the root, outside the versioned name the page gave its scripts. */
    private static final Pattern ROOT_CATALOGUE = Pattern.compile("['\"`]/i18n/");

    private static final Pattern SOCKET_OPEN = Pattern.compile("new\\s+(?:WebSocket|this\\.WebSocketImpl)\\s*\\(");
    private static final Pattern SPECIFIER =
            Pattern.compile("(?:^|;|\\n)\\s*(?:import|export)\\s[^;'\"]*?from\\s*['\"]([^'\"]+)['\"]"
                    + "|(?:^|\\n)\\s*import\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern NAMED_IMPORT = Pattern.compile("import\\s*\\{([^}]*)}\\s*from\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern EXPORT =
            Pattern.compile("export\\s+(?:async\\s+)?(?:function\\*?|class|const|let|var)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern EXPORT_LIST = Pattern.compile("export\\s*\\{([^}]*)}");
    private static final Pattern PAGE_REFERENCE = Pattern.compile("(?:src|href)=\"([^\"#?]+\\.(?:js|css|svg))\"");

    private static List<String> scriptsMatching(Pattern pattern, Set<String> allowed) {
        assertTrue(WebUiFiles.all().keySet().containsAll(allowed), "the shared modules moved: " + allowed);
        return WebUiFiles.scripts()
                .filter(s -> !allowed.contains(s))
                .filter(s -> pattern.matcher(WebUiFiles.all().get(s)).find())
                .toList();
    }

    @Test
    void scripts_noneDefinesItsOwnEl_allUseTheDomModule() {
        assertEquals(List.of(), scriptsMatching(OWN_EL, Set.of(DOM)), "scripts with a private el(): use " + DOM);
    }

    @Test
    void scripts_noneKeepsItsOwnCsrfToken_allUseTheHttpClient() {
        assertEquals(List.of(), scriptsMatching(CSRF, Set.of(HTTP)), "scripts handling the CSRF token: use " + HTTP);
    }

    @Test
    void scripts_noneCallsFetchItself_allUseTheHttpClient() {
        assertEquals(
                List.of(), scriptsMatching(FETCH, Set.of(HTTP, LOGIN, EARLY)), "scripts that call fetch: use " + HTTP);
    }

    @Test
    void scripts_noneNamesACatalogueFromTheRoot_allUnderTheirVersionedName() {
        // /i18n/… is asked again at every page load (a sign-in lookup each); ../i18n/ beside the script is kept
        assertEquals(
                List.of(),
                scriptsMatching(ROOT_CATALOGUE, Set.of()),
                "scripts asking for /i18n/… by its root name: resolve ../i18n/ against the script's own URL");
    }

    @Test
    void scripts_noneOpensItsOwnWebSocket_allUseTheLiveSocket() {
        assertEquals(
                List.of(),
                scriptsMatching(SOCKET_OPEN, Set.of(SOCKET, EARLY)),
                "scripts opening a socket: use " + SOCKET);
    }

    @Test
    void imports_eachNamesAnExistingScript_andNamesItExports() {
        List<String> problems = new ArrayList<>();
        WebUiFiles.scripts().forEach(script -> {
            String text = WebUiFiles.all().get(script);
            Matcher m = SPECIFIER.matcher(text);
            while (m.find()) {
                String spec = m.group(1) != null ? m.group(1) : m.group(2);
                if (!WebUiFiles.all().containsKey(resolve(script, spec))) {
                    problems.add(script + " imports " + spec + ", which does not exist");
                }
            }
            Matcher named = NAMED_IMPORT.matcher(text);
            while (named.find()) {
                Set<String> exported = exports(WebUiFiles.all().getOrDefault(resolve(script, named.group(2)), ""));
                for (String name : names(named.group(1))) {
                    if (!exported.contains(name)) {
                        problems.add(script + " imports " + name + " from " + named.group(2) + ", not exported there");
                    }
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void pages_eachNamesOnlyFilesThatExist() {
        List<String> problems = new ArrayList<>();
        WebUiFiles.pages().forEach(page -> {
            Matcher m = PAGE_REFERENCE.matcher(WebUiFiles.all().get(page.substring(1)));
            while (m.find()) {
                String ref = m.group(1);
                if (!ref.startsWith("/webjars/")
                        && !ref.startsWith("/api/")
                        && !WebUiFiles.all().containsKey(resolve(page.substring(1), ref))) {
                    problems.add(page + " names " + ref + ", which does not exist");
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    /** The path below /web that {@code spec}, written in {@code from}, points at. */
    static String resolve(String from, String spec) {
        String base = spec.startsWith("/") ? "file:/web" : "file:/web/" + from;
        String path = URI.create(base)
                .resolve(spec.startsWith("/") ? "/web" + spec : spec)
                .getPath();
        return path.startsWith("/web/") ? path.substring("/web/".length()) : path;
    }

    /** The imported names of {@code a, b as c}: a and b. */
    private static List<String> names(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String name = part.strip().split("\\s+as\\s+")[0].strip();
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    private static Set<String> exports(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = EXPORT.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        Matcher list = EXPORT_LIST.matcher(text);
        while (list.find()) {
            for (String part : list.group(1).split(",")) {
                String[] words = part.strip().split("\\s+as\\s+");
                out.add(words[words.length - 1].strip());
            }
        }
        return out;
    }

    @Test
    void resolve_relativeAndRootPaths_landInTheWebFolder() {
        assertEquals("lib/dom.js", resolve("notebook/notebook.js", "../lib/dom.js"));
        assertEquals("lib/dom.js", resolve("index.html", "/lib/dom.js"));
    }
}
