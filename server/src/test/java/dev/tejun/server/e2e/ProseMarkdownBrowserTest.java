package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Prose in the notebook: task lists as checkboxes, footnotes, a link to another runbook that opens it in the
 * notebook, an image beside the runbook that loads through the server's confined route, a YAML fence coloured.
 */
@Tag("e2e")
class ProseMarkdownBrowserTest {

    @TempDir
    Path temp;

    TestServer t;
    WebDriver browser;

    @AfterEach
    void stop() {
        Browsers.stop(browser, t);
    }

    @Test
    void prose_gfmLinksImagesAndFences_workInTheNotebook() throws Exception {
        t = new TestServer(temp);
        t.write("ops/patch.md", """
                # Patch

                - [x] drain the node
                - [ ] patch it

                Check the balancer first[^lb]. Then go on with [the rollback](../rollback/undo.md#steps).

                ![the plan](img/plan.png)

                ```yaml
                hosts: web
                retries: 3
                ```

                [^lb]: The balancer page says which nodes are drained.
                """);
        t.write("rollback/undo.md", "# Undo\n\n## Steps\n");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB), "png", png);
        Path image = temp.resolve("runbooks").resolve("ops/img/plan.png");
        Files.createDirectories(image.getParent());
        Files.write(image, png.toByteArray());
        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=ops/patch.md");
        WebDriverWait wait = (WebDriverWait)
                new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);

        wait.until(d -> d.findElements(By.cssSelector(".prose-html input.task-list-item-checkbox"))
                        .size()
                == 2);
        WebElement done = browser.findElements(By.cssSelector(".prose-html input.task-list-item-checkbox"))
                .get(0);
        assertTrue(done.isSelected());
        assertFalse(done.isEnabled());
        WebElement ref = browser.findElement(By.cssSelector(".prose-html sup.footnote-ref a"));
        assertEquals("#fn-lb", ref.getDomAttribute("href"));
        assertTrue(browser.findElement(By.cssSelector(".prose-html section.footnotes li#fn-lb"))
                .getText()
                .contains("which nodes are drained"));
        WebElement img = browser.findElement(By.cssSelector(".prose-html img"));
        assertEquals("/api/runbook-images/ops/img/plan.png", img.getDomAttribute("src"));
        wait.until(d ->
                ((Number) ((JavascriptExecutor) d).executeScript("return arguments[0].naturalWidth", img)).intValue()
                        == 40);
        assertFalse(
                browser.findElements(By.cssSelector(
                                ".prose-html pre code span.cm-atom, .prose-html pre code span.cm-number"))
                        .isEmpty(),
                "the YAML fence is not coloured");

        WebElement link = browser.findElement(By.cssSelector(".prose-html a.runbook-link"));
        assertEquals("notebook.html?runbook=rollback%2Fundo.md#steps", link.getDomAttribute("href"));
        link.click();
        wait.until(d -> d.getCurrentUrl().endsWith("notebook.html?runbook=rollback%2Fundo.md#steps"));
        wait.until(d -> d.findElement(By.id("runbook-name")).getText().equals("rollback/undo.md"));
    }
}
