package dev.tejun.kernel.exec.dialog;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.remote.HostStatuses;
import dev.tejun.kernel.exec.ssh.PtyShells;
import dev.tejun.kernel.secret.MaskingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of a dialog held with one host over one stream. What the host writes goes to the host's pane and the
 * transcript as it comes and is kept as the screen the steps search (carriage returns taken out); each step
 * searches only what came after the previous match. Never throws: every way it ends is a {@link Result}.
 */
final class Conversation {

    /** How one host ended: its status, why (null when ok), and what it captured. */
    record Result(String host, String status, String detail, Map<String, String> captures) {}

    private static final byte[] PAGE = " ".getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final DialogScript script;
    private final Placeholders values;
    private final Map<String, String> captures;
    private final MaskingOutput output;
    private final Transcript transcript;
    private final byte[] enter;
    private final long cellDeadline;

    private final StringBuilder screen = new StringBuilder();
    private int mark;
    private boolean ended;
    private volatile PtyShells.Stream stream;

    /**
     * @param captures     the host's captures, also one of {@code values}' sources, filled as steps match
     * @param enter        what Enter sends: CR on a pseudo-terminal, CR LF on telnet
     * @param cellDeadline in nanoTime; Long.MAX_VALUE for none
     */
    Conversation(
            String host,
            DialogScript script,
            Placeholders values,
            Map<String, String> captures,
            MaskingOutput output,
            Transcript transcript,
            byte[] enter,
            long cellDeadline) {
        this.host = host;
        this.script = script;
        this.values = values;
        this.captures = captures;
        this.output = output;
        this.transcript = transcript;
        this.enter = enter.clone();
        this.cellDeadline = cellDeadline;
    }

    Result hold(PtyShells.Stream s) {
        this.stream = s;
        Thread reader = Thread.ofVirtual().name("tejun-dialog-" + host).start(() -> pump(s.input()));
        try {
            return steps();
        } finally {
            s.close();
            reader.interrupt();
        }
    }

    private Result steps() {
        Map<String, Boolean> matched = new HashMap<>();
        for (DialogScript.Step step : script.steps()) {
            String where = "step " + step.number() + ": ";
            if (step.condition() != null) {
                boolean negate = step.condition().startsWith("!");
                String name = negate ? step.condition().substring(1).strip() : step.condition();
                if (matched.getOrDefault(name, false) == negate) {
                    transcript.note(host, where + "skipped (if: " + step.condition() + ")");
                    continue;
                }
            }
            try {
                if (step.expect() != null) {
                    Matcher m = await(step);
                    if (m == null) {
                        if (step.optional()) {
                            record(matched, step, false);
                            transcript.note(host, where + "optional expect not seen, going on");
                            continue;
                        }
                        return failed(
                                ended ? HostStatuses.FAILED : HostStatuses.TIMED_OUT,
                                where + "expected /" + step.expect() + "/ "
                                        + (ended
                                                ? "but the host closed the connection"
                                                : "not seen within " + seconds(step.timeout()))
                                        + "; the screen ended with:\n" + tail());
                    }
                    record(matched, step, true);
                    if (step.capture() != null) {
                        String v = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
                        captures.put(step.capture(), v.strip());
                    }
                }
                if (step.send() != null) {
                    send(step);
                }
            } catch (Placeholders.Unknown e) {
                return failed(HostStatuses.FAILED, where + e.getMessage());
            } catch (IOException e) {
                return failed(HostStatuses.FAILED, where + "cannot send: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(host, HostStatuses.STOPPED, "stopped", Map.copyOf(captures));
            }
        }
        return new Result(host, HostStatuses.OK, null, new LinkedHashMap<>(captures));
    }

    private static void record(Map<String, Boolean> matched, DialogScript.Step step, boolean seen) {
        if (step.id() != null) {
            matched.put(step.id(), seen);
        }
        if (step.capture() != null) {
            matched.put(step.capture(), seen);
        }
    }

    private Result failed(String status, String detail) {
        return new Result(host, status, output.mask(detail), new LinkedHashMap<>(captures));
    }

    /** Waits for the step's pattern after the mark, answering pager prompts; null when it did not come in time. */
    private Matcher await(DialogScript.Step step) throws Placeholders.Unknown, IOException, InterruptedException {
        Pattern expect = values.regex(step.expect());
        Pattern more = step.more() == null ? null : values.regex(step.more());
        long deadline =
                Math.min(cellDeadline, System.nanoTime() + step.timeout().toNanos());
        synchronized (screen) {
            while (true) {
                Matcher m = expect.matcher(screen);
                boolean found = m.find(mark);
                if (more != null) {
                    Matcher p = more.matcher(screen);
                    if (p.find(mark) && (!found || p.start() < m.start())) {
                        mark = p.end();
                        write(PAGE, "(space for the pager)");
                        continue;
                    }
                }
                if (found) {
                    mark = m.end();
                    return m;
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                screen.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private void send(DialogScript.Step step) throws Placeholders.Unknown, IOException {
        String text = values.text(step.send());
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[data.length + (step.enter() ? enter.length : 0)];
        System.arraycopy(data, 0, line, 0, data.length);
        if (step.enter()) {
            System.arraycopy(enter, 0, line, data.length, enter.length);
        }
        write(line, step.secret() ? MaskingOutput.MASK : output.mask(text));
    }

    private void write(byte[] data, String shown) throws IOException {
        transcript.sent(host, shown);
        PtyShells.Stream s = stream;
        s.output().write(data);
        s.output().flush();
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n == 0) {
                    continue;
                }
                output.write(Stream.STDOUT, host, buffer, 0, n);
                String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
                transcript.received(host, output.mask(text));
                synchronized (screen) {
                    screen.append(text.replace("\r", ""));
                    screen.notifyAll();
                }
            }
        } catch (IOException e) {
            // the stream was closed: by us at the end, or by the host
        } finally {
            synchronized (screen) {
                ended = true;
                screen.notifyAll();
            }
        }
    }

    /** The last 2 KB of the screen, as a person reading the failure needs it. */
    private String tail() {
        synchronized (screen) {
            int from = Math.max(0, screen.length() - DialogScript.SCREEN_TAIL);
            return screen.substring(from);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
