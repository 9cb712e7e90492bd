package dev.tejun.server.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A run's HTML report printed to PDF by headless Chromium ({@code --print-to-pdf}), the browser the end-to-end tests
 * already use: it lays the report out as the browser shows it, with the system's fonts (Japanese needs a CJK font
 * such as Debian's {@code fonts-noto-cjk}, which {@code ./tejun test} installs). Chosen over a Java HTML-to-PDF
 * library because none that renders HTML resolves from Maven Central here (PDFBox alone draws no HTML), and a second
 * layout engine would print reports unlike the ones people read.
 *
 * <p>The report is written to a private temporary folder with a Content-Security-Policy that allows no script and no
 * request beyond the page, printed with a throw-away profile, no proxy and a time limit; one print at a time, since
 * each is a browser process.
 */
public final class ReportPdf {

    /** How long one print may take before the browser is killed. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final List<Path> PLACES = List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/bin"));

    /** No browser to print with, or it failed; the message says what to do. */
    public static final class Unavailable extends IOException {
        Unavailable(String message) {
            super(message);
        }
    }

    private final Semaphore one = new Semaphore(1);

    /** The PDF of {@code html} (a whole report page, its styles inline). */
    public byte[] print(String html) throws IOException {
        Path browser = browser()
                .orElseThrow(
                        () -> new Unavailable(
                                "PDF export needs headless Chromium on this machine: apt-get install chromium (or export as html)"));
        try {
            if (!one.tryAcquire(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new Unavailable("another PDF is being printed; try again in a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to print", e);
        }
        Path dir = Files.createTempDirectory(
                "tejun-pdf-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path in = Files.writeString(dir.resolve("report.html"), confined(html), StandardCharsets.UTF_8);
            Path out = dir.resolve("report.pdf");
            Process p = new ProcessBuilder(
                            browser.toString(),
                            "--headless",
                            "--no-sandbox", // the browser's own sandbox needs namespaces a server often lacks
                            "--disable-gpu",
                            "--disable-extensions",
                            "--no-first-run",
                            "--no-proxy-server",
                            "--user-data-dir=" + dir.resolve("profile"),
                            "--no-pdf-header-footer",
                            "--print-to-pdf=" + out,
                            in.toUri().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("browser.log").toFile())
                    .start();
            if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new Unavailable("Chromium did not print the report within " + LIMIT.toSeconds() + " s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(out) || Files.size(out) == 0) {
                throw new Unavailable("Chromium could not print the report (exit " + p.exitValue() + "): "
                        + tail(dir.resolve("browser.log")));
            }
            return Files.readAllBytes(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while printing", e);
        } finally {
            one.release();
            delete(dir);
        }
    }

    /**
     * The report with a Content-Security-Policy first in its head: no script, no request beyond the page itself
     * (inline styles, data: images and fonts only). Chromium's print needs scripting switched on in the browser, so
     * the page is what forbids it.
     */
    static String confined(String html) {
        String policy = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:; font-src data:\">";
        int head = html.indexOf("<head>");
        return head < 0 ? policy + html : html.substring(0, head + 6) + policy + html.substring(head + 6);
    }

    /** The Chromium this machine has, by its usual names in the usual places; empty when none. */
    static Optional<Path> browser() {
        for (String name : NAMES) {
            for (Path place : PLACES) {
                Path p = place.resolve(name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.length() > 400 ? "…" + text.substring(text.length() - 400) : text;
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind; the system's temp cleaning takes it
        }
    }
}
