package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/runbook-images/<name>}: images beside runbooks, and nothing else, for a viewer. */
class RunbookImagesTest {

    @TempDir
    Path temp;

    TestServer t;
    String viewer;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        viewer = t.userWith("vic", Role.VIEWER);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private HttpResponse<String> get(String name) throws Exception {
        return t.as(viewer, "GET", "/api/runbook-images/" + name, null);
    }

    @Test
    void get_imageBesideARunbook_servedAsItsTypeNotSniffed() throws Exception {
        byte[] png = png();
        Path file = temp.resolve("runbooks").resolve("ops/img/plan.png");
        Files.createDirectories(file.getParent());
        Files.write(file, png);

        HttpResponse<byte[]> r = t.getBytes("/api/runbook-images/ops/img/plan.png");

        assertEquals(200, r.statusCode());
        assertArrayEquals(png, r.body());
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void get_svg_sandboxedSoItsScriptCannotRun() throws Exception {
        t.write("diagram.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
        HttpResponse<String> r = get("diagram.svg");
        assertEquals(200, r.statusCode());
        assertTrue(
                r.headers().firstValue("Content-Security-Policy").orElse("").contains("sandbox"),
                r.headers().toString());
    }

    @Test
    void get_notAnImage_orOutsideOrHidden_refused() throws Exception {
        t.write("book.md", "# secret plan\n");
        t.write(".hidden/x.png", "png");
        Files.writeString(temp.resolve("outside.png"), "LEAKED-BYTES");
        assertEquals(400, get("book.md").statusCode());
        // the web server may answer these before the route does (a path leaving its root, encoded slashes): never 200
        for (String escape : new String[] {"../outside.png", "ops/..%2F..%2Foutside.png", "%2E%2E/outside.png"}) {
            HttpResponse<String> r = get(escape);
            assertTrue(r.statusCode() >= 400 && !r.body().contains("LEAKED"), escape + ": " + r.statusCode());
        }
        assertEquals(400, get(".hidden/x.png").statusCode());
        assertEquals(404, get("missing.png").statusCode());
    }

    @Test
    void get_linkLeavingTheFolder_refused() throws Exception {
        Path outside = temp.resolve("elsewhere");
        Files.createDirectories(outside);
        Files.write(outside.resolve("leak.png"), png());
        Files.createSymbolicLink(temp.resolve("runbooks").resolve("linked"), outside);
        HttpResponse<String> r = get("linked/leak.png");
        assertEquals(400, r.statusCode(), r.body());
    }
}
