package dev.tejun.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI's files under versioned names (WebAssets, UiPages): the browser keeps them without asking again, yet a
 * request that reaches the server is checked as any other, so a signed-out cookie is refused at once.
 */
class VersionedFilesTest {

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        t.write("book.md", "# Book\n\n```sh {#a}\necho hi\n```\n");
    }

    private static String named(String page, String file) {
        Matcher m = Pattern.compile("(?:src|href)=\"(/v/[0-9a-f]{12}/" + Pattern.quote(file) + ")\"")
                .matcher(page);
        assertTrue(m.find(), file + " by its versioned name in " + page);
        return m.group(1);
    }

    @Test
    void pageNamesItsModulesByVersion_keptForAYear_refusedRightAfterSignOut() throws Exception {
        t.userWith("ann", Role.EDITOR);
        TestServer.SignedIn ann = t.login("ann");
        Map<String, String> cookie = Map.of("Cookie", ann.cookie());

        HttpResponse<String> page = t.send("GET", "/notebook.html?runbook=book.md", null, cookie);
        assertEquals(200, page.statusCode());
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""), "the page: always asked for");
        assertTrue(page.body().contains("href=\"index.html\""), "links to pages left as they are");
        assertTrue(page.body().contains("src=\"/webjars/codemirror/"), "WebJars left as they are");
        String module = named(page.body(), "notebook/notebook.js");
        named(page.body(), "style.css");

        HttpResponse<String> js = t.send("GET", module, null, cookie);
        assertEquals(200, js.statusCode());
        assertEquals(
                "private, max-age=31536000, immutable",
                js.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(t.send("GET", "/notebook/notebook.js", null, cookie).body(), js.body(), "the same file");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertEquals(
                304,
                t.send("GET", "/notebook.html", null, Map.of("Cookie", ann.cookie(), "If-None-Match", etag))
                        .statusCode());

        t.send("POST", "/api/logout", "", Map.of("Cookie", ann.cookie(), "X-CSRF-Token", ann.csrf()));
        assertEquals(401, t.send("GET", module, null, cookie).statusCode(), "refused the moment the session ended");
        HttpResponse<String> again = t.send("GET", "/notebook.html?runbook=book.md", null, cookie);
        assertEquals(302, again.statusCode());
        assertTrue(again.headers().firstValue("Location").orElse("").startsWith("/login.html?next="));
        assertEquals(401, t.send("GET", module, null, Map.of()).statusCode(), "nor without a cookie");
    }

    @Test
    void signInPage_itsFilesPublicUnderTheirVersionedNames_othersNot() throws Exception {
        HttpResponse<String> login = t.send("GET", "/login.html", null, Map.of());
        assertEquals(200, login.statusCode());
        String script = named(login.body(), "login.js");
        assertEquals(200, t.send("GET", script, null, Map.of()).statusCode());
        String prefix = script.substring(0, script.length() - "/login.js".length());
        assertEquals(
                401,
                t.send("GET", prefix + "/notebook/notebook.js", null, Map.of()).statusCode());
    }

    @Test
    void pages_underAVersionedName_notServed_soNoneIsKeptAYear() throws Exception {
        t.userWith("ann", Role.EDITOR);
        TestServer.SignedIn ann = t.login("ann");
        Map<String, String> cookie = Map.of("Cookie", ann.cookie());
        String script = named(t.send("GET", "/login.html", null, Map.of()).body(), "login.js");
        String prefix = script.substring(0, script.length() - "/login.js".length());

        for (String page : List.of("/notebook.html", "/index.html", "/login.html", "/")) {
            HttpResponse<String> versioned = t.send("GET", prefix + page, null, cookie);
            assertEquals(404, versioned.statusCode(), page + ": " + versioned.body());
            assertEquals("", versioned.headers().firstValue("Cache-Control").orElse(""), page);
        }
        assertEquals(200, t.send("GET", "/notebook.html", null, cookie).statusCode(), "the page by its own name");
    }

    @Test
    void catalogues_publicUnderTheVersionedName_keptForAYear() throws Exception {
        String script = named(t.send("GET", "/login.html", null, Map.of()).body(), "login.js");
        String prefix = script.substring(0, script.length() - "/login.js".length());

        HttpResponse<String> catalogue = t.send("GET", prefix + "/i18n/ja/common.json", null, Map.of());

        assertEquals(200, catalogue.statusCode(), "the sign-in page reads it before anyone signs in");
        assertEquals(
                "private, max-age=31536000, immutable",
                catalogue.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(t.send("GET", "/i18n/ja/common.json", null, Map.of()).body(), catalogue.body(), "the same file");
    }

    @Test
    void idChangesWithAnyFile(@TempDir Path web) throws Exception {
        Files.writeString(Files.createDirectories(web.resolve("lib")).resolve("a.js"), "export const a = 1;\n");
        Files.writeString(web.resolve("page.html"), "<script src=\"lib/a.js\"></script>");
        String before = WebAssets.id(web.toUri().toURL());
        assertEquals(before, WebAssets.id(web.toUri().toURL()));
        Files.writeString(web.resolve("lib/a.js"), "export const a = 2;\n");
        assertNotEquals(before, WebAssets.id(web.toUri().toURL()));
    }

    @Test
    void rewrite_onlyRelativeNamesOfTheUisOwnFiles() {
        assertEquals(
                "<script src=\"/v/abc/lib/a.js\"></script><link href=\"/v/abc/style.css\">"
                        + "<a href=\"index.html\"></a><script src=\"/webjars/x.js\"></script>"
                        + "<a href=\"/api/audit?format=csv\"></a><link rel=\"icon\" href=\"/v/abc/favicon.svg\">",
                UiPages.rewrite(
                        "<script src=\"lib/a.js\"></script><link href=\"style.css\">"
                                + "<a href=\"index.html\"></a><script src=\"/webjars/x.js\"></script>"
                                + "<a href=\"/api/audit?format=csv\"></a><link rel=\"icon\" href=\"favicon.svg\">",
                        "/v/abc"));
    }
}
