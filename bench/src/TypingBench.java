import dev.tejun.server.fixtures.SignedInNotebook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The typing figure of issue 17, in the browser UiBench drives: while one cell floods its output for 30 s, keys are
 * typed into another cell's editor (real key events through the browser's input pipeline), and each keystroke's
 * input delay (Event Timing API: from the key's time to the start of its handler) is read in the page. Target: the
 * longest delay at most 50 ms.
 */
final class TypingBench {

    static final int FLOOD_SECONDS = 30;

    /** Records every key event's input delay from the page's start. */
    static final String DELAY_PROBE = """
            (function watch() {
              if (!location.pathname.endsWith('/notebook.html')) return;
              window.__keyDelays = [];
              new PerformanceObserver((list) => {
                for (const e of list.getEntries()) {
                  if (e.name === 'keydown') window.__keyDelays.push(e.processingStart - e.startTime);
                }
              }).observe({ type: 'event', durationThreshold: 16, buffered: true });
              // an entry is reported only for events of 16 ms or more: faster ones count as no delay worth noting
            })();
            """;

    static void write(Path runbooks) throws IOException {
        Files.writeString(runbooks.resolve("flood.md"), """
                # Flood

                ```sh {#flood timeout=120}
                end=$((SECONDS+%d)); while [ $SECONDS -lt $end ]; do seq 1 20000; done
                ```

                ```sh {#typing}
                echo
                ```
                """.formatted(FLOOD_SECONDS));
    }

    /** Answers the longest delay of each run (ms), and all delays in {@code delays}. */
    static List<Double> measure(SignedInNotebook nb, int runs, List<Double> delays, int[] keys) {
        var browser = nb.browser();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        List<Double> longest = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            browser.get(nb.server().baseUrl() + "/notebook.html?runbook=flood.md");
            wait.until(d -> !d.findElements(By.cssSelector("[data-cell-id='typing'] .CodeMirror")).isEmpty()
                    && "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
            browser.findElement(By.cssSelector("[data-cell-id='flood'] button.run-cell")).click();
            WebElement editor = browser.findElement(By.cssSelector("[data-cell-id='typing'] .CodeMirror"));
            new Actions(browser).click(editor).perform();
            long end = System.nanoTime() + Duration.ofSeconds(FLOOD_SECONDS - 5).toNanos();
            int typed = 0;
            while (System.nanoTime() < end) {
                new Actions(browser).sendKeys("x").perform();
                typed++;
            }
            keys[0] += typed;
            @SuppressWarnings("unchecked")
            List<Number> got = (List<Number>) js.executeScript("return window.__keyDelays");
            double max = 0;
            for (Number n : got) {
                delays.add(n.doubleValue());
                max = Math.max(max, n.doubleValue());
            }
            longest.add(max);
            // the flood is stopped before the next run
            js.executeScript("document.getElementById('stop')?.click()");
            try {
                wait.until(d -> Boolean.FALSE.equals(
                        js.executeScript("return document.getElementById('run-all').disabled")));
            } catch (RuntimeException e) {
                // the cell's own end (30 s) ends it too
            }
        }
        return longest;
    }

    private TypingBench() {}
}
