package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Catalogues;
import dev.tejun.server.fixtures.PageSamples;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WebUiFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web pages in Japanese: a user whose setting is ja sees no English UI string on any page (no text or label equal
 * to an English catalogue entry of that page that Japanese says differently; what is marked translate="no", recorded
 * data, is left out), and the header's language switch stores the choice so the next page comes in it.
 */
@Tag("e2e")
class LanguageBrowserTest {

    /** What the page's scripts show: the visible text of each text node, and labels a screen reader reads. */
    static final String TEXTS = """
            const out = [];
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walk.nextNode(); n; n = walk.nextNode()) {
              const p = n.parentElement;
              if (p.closest('script,style,[hidden],[translate=no]')) continue;
              const s = n.textContent.trim();
              if (s) out.push(s);
            }
            for (const e of document.querySelectorAll('[placeholder],[title],[aria-label]')) {
              for (const a of ['placeholder', 'title', 'aria-label']) if (e.getAttribute(a)) out.push(e.getAttribute(a));
            }
            out.push(document.title);
            return out;
            """;

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    static String origin;

    @BeforeAll
    static void start() throws Exception {
        t.write("hello.md", "# Hello\n\n```sh {#greet}\necho hello\n```\n");
        t.write("hold.flow.yaml", """
                title: Hold
                nodes:
                  - { id: gate, type: pause, message: "Go on?", next: done }
                  - { id: done, type: end }
                """);
        origin = t.server.baseUrl();
        assertEquals(200, t.put("/api/me/settings", "{\"language\":\"ja\"}").statusCode());
        browser = Browsers.signedIn(t, temp, "/index.html", "tester");
    }

    static Stream<String> pages() {
        return WebUiFiles.pages();
    }

    /** English entries of the page's namespace and common that Japanese words differently: none may show. */
    static Map<String, String> english(String ns) {
        Map<String, String> out = new HashMap<>();
        for (String n : List.of("common", ns)) {
            Map<String, String> en = Catalogues.read("en", n);
            Map<String, String> ja = Catalogues.read("ja", n);
            en.forEach((k, v) -> {
                if (!v.equals(ja.get(k)) && !v.contains("{{")) {
                    out.put(v, n + ":" + k);
                }
            });
        }
        return out;
    }

    /** The page's namespace: its file name without .html. */
    static String namespace(String page) {
        return page.substring(1).replaceFirst("\\.html$", "");
    }

    /** Opens {@code page} in ja, lets its scripts fill it, and answers what {@code script} collects of its texts. */
    @SuppressWarnings("unchecked")
    static List<String> textsInJapanese(String page, String script) throws Exception {
        browser.get(PageSamples.address(origin, page));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> "ja".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
        Thread.sleep(800); // what the page's scripts add once their data came
        return (List<String>) ((JavascriptExecutor) browser).executeScript(script);
    }

    @ParameterizedTest
    @MethodSource("pages")
    void page_inJapanese_showsNoEnglishCatalogueString(String page) throws Exception {
        Map<String, String> english = english(namespace(page));
        List<String> found = new ArrayList<>();
        for (String text : textsInJapanese(page, TEXTS)) {
            if (english.containsKey(text)) {
                found.add(text + " (" + english.get(text) + ")");
            }
        }
        assertEquals(List.of(), found, page + " shows English in ja");

        // its catalogues came under the versioned name the page gave its scripts, which the browser keeps
        @SuppressWarnings("unchecked")
        List<String> catalogues = (List<String>) ((JavascriptExecutor) browser)
                .executeScript("return performance.getEntriesByType('resource')"
                        + ".map(e => new URL(e.name).pathname).filter(p => p.includes('/i18n/'))");
        assertFalse(catalogues.isEmpty(), page + " read no catalogue");
        assertEquals(
                List.of(),
                catalogues.stream()
                        .filter(c -> !c.matches("/v/[0-9a-f]{12}/i18n/(en|ja)/[a-z-]+\\.json"))
                        .toList(),
                page + ": catalogues asked for outside the versioned name");
    }

    /**
     * What no page in ja may show besides catalogue entries: a catalogue key shown as itself (t() answers the key
     * when a language lacks it), or English words written into a script instead of the catalogue: two words in a
     * row, the second lower case ("Add row", "could not save"), in a text with no Japanese in it. Recorded data is
     * marked translate="no"; code and outputs are left out.
     */
    static final Pattern ENGLISH_WORDS = Pattern.compile("\\b[A-Za-z][a-z]+\\s+[a-z]{3,}\\b");

    /** A text with Japanese in it is translated, whatever command or file names it keeps ("tejun check と同じ"). */
    static final Pattern JAPANESE = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]");

    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(?:[.-][a-z0-9_]+)+");

    static Set<String> keys(String ns) {
        Set<String> out = new HashSet<>();
        for (String n : List.of("common", ns)) {
            Catalogues.read("en", n).keySet().stream()
                    .map(k -> k.replaceFirst("_(one|other)$", ""))
                    .filter(k -> KEY.matcher(k).matches())
                    .forEach(out::add);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("pages")
    void page_inJapanese_showsNoKeyAndNoEnglishLiteral(String page) throws Exception {
        Set<String> keys = keys(namespace(page));
        List<String> found = new ArrayList<>();
        for (String text : textsInJapanese(page, UI_TEXTS)) {
            if (keys.contains(text)) {
                found.add("key " + text);
            } else if (!JAPANESE.matcher(text).find()
                    && ENGLISH_WORDS.matcher(text).find()) {
                found.add("English " + text);
            }
        }
        assertEquals(List.of(), found, page + " shows a key or English words in ja");
    }

    /** As {@link #TEXTS}, leaving out code (cell editors, outputs, fences) as well as recorded data. */
    static final String UI_TEXTS = TEXTS.replace(
                    "'script,style,[hidden],[translate=no]'",
                    "'script,style,[hidden],[translate=no],code,pre,kbd,.CodeMirror,textarea,.cell-output,.output'")
            .replace(
                    "for (const e of document.querySelectorAll('[placeholder],[title],[aria-label]')) {",
                    "for (const e of document.querySelectorAll('[placeholder],[title],[aria-label]')) {\n"
                            + "  if (e.closest('[translate=no]')) continue;");

    @Test
    void languageSwitch_chooseEnglish_storesItAndTheNextPageIsEnglish() throws Exception {
        t.userWith("hana", Role.VIEWER);
        WebDriver other = Browsers.chromium(temp.resolve("switch-profile"));
        try {
            Browsers.signIn(other, origin, "/evidence.html", "hana", TestServer.password("hana"));
            WebDriverWait wait = new WebDriverWait(other, Duration.ofSeconds(20));
            // the switch reloads the page: an element read meanwhile is stale, or (Chromium, busy machine) "Node with
            // given id does not belong to the document", a plain WebDriverException; a real failure times out
            wait.ignoring(WebDriverException.class);
            wait.until(d -> !d.findElements(By.id("language")).isEmpty());
            new Select(other.findElement(By.id("language"))).selectByValue("ja");
            wait.until(d -> "ja".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
            wait.until(d -> d.findElement(By.cssSelector("h1")).getText().equals("証跡"));
            other.get(origin + "/flows.html");
            wait.until(d -> "ja".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
            wait.until(d -> d.findElement(By.id("sign-out")).getText().equals("サインアウト"));
            new Select(other.findElement(By.id("language"))).selectByValue("en");
            wait.until(d -> d.findElement(By.id("sign-out")).getText().equals("Sign out"));
            assertTrue(other.findElement(By.tagName("html"))
                    .getDomAttribute("lang")
                    .equals("en"));
        } finally {
            other.quit();
        }
    }
}
