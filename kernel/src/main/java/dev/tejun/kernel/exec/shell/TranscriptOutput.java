package dev.tejun.kernel.exec.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.evidence.TerminalText;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.format.Transcript;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The output of a pasted terminal session as it runs: the marks {@link Transcript#marked} writes before each command
 * are taken out of stdout (nobody sees them), and what each command wrote is kept, so that once the cell ended
 * {@link #finish} gives the comparison as a result ({@link Transcript#MIME}): each command with the output pasted under it
 * beside the output it really wrote, and whether they differ. Compared as a terminal shows them: carriage returns
 * and colours rendered ({@link TerminalText}), line ends and trailing blanks ignored. A command with no pasted output
 * is not compared. Everything else passes through untouched, in the order it came.
 */
final class TranscriptOutput implements Output {

    /** How much of each command's output is kept for the comparison (all of it still goes to the output). */
    static final int KEPT_PER_STEP = 64 * 1024;

    private static final byte MARK = 0x1e;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Output target;
    private final Transcript transcript;
    private final String token;
    private final byte[] prefix;
    private final int longest;
    private final List<ByteArrayOutputStream> actual = new ArrayList<>();
    /** The step whose output comes now; -1 before the first mark. */
    private int current = -1;
    /** The end of a chunk that may be the start of a mark, held until the next chunk says. */
    private byte[] held = new byte[0];

    TranscriptOutput(Output target, Transcript transcript) {
        this.target = target;
        this.transcript = transcript;
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        this.token = HexFormat.of().formatHex(random);
        this.prefix = (token + ":").getBytes(StandardCharsets.US_ASCII);
        this.longest = prefix.length + 12;
        for (int i = 0; i < transcript.steps().size(); i++) {
            actual.add(new ByteArrayOutputStream());
        }
    }

    /** The script that runs: the commands with the marks. */
    String script() {
        return transcript.marked(token);
    }

    @Override
    public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
        if (stream != Stream.STDOUT || host != null) {
            target.write(stream, host, data, offset, length);
            return;
        }
        byte[] buf = new byte[held.length + length];
        System.arraycopy(held, 0, buf, 0, held.length);
        System.arraycopy(data, offset, buf, held.length, length);
        held = new byte[0];
        int start = 0;
        int i = 0;
        while (i < buf.length) {
            if (buf[i] != MARK) {
                i++;
                continue;
            }
            int end = closing(buf, i);
            if (end < 0 && buf.length - i < longest) {
                emit(buf, start, i);
                held = Arrays.copyOfRange(buf, i, buf.length);
                return;
            }
            int step = end < 0 ? -1 : step(buf, i + 1, end);
            if (step < 0) {
                i++;
                continue;
            }
            emit(buf, start, i);
            current = step;
            start = end + 1;
            i = start;
        }
        emit(buf, start, buf.length);
    }

    private int closing(byte[] buf, int at) {
        for (int j = at + 1; j < buf.length && j <= at + longest; j++) {
            if (buf[j] == MARK) {
                return j;
            }
        }
        return -1;
    }

    /** The step a mark between {@code from} and {@code to} names, or -1 when it is not one of this run's marks. */
    private int step(byte[] buf, int from, int to) {
        if (to - from <= prefix.length || !Arrays.equals(buf, from, from + prefix.length, prefix, 0, prefix.length)) {
            return -1;
        }
        int n = 0;
        for (int j = from + prefix.length; j < to; j++) {
            if (buf[j] < '0' || buf[j] > '9' || n > 1_000_000) {
                return -1;
            }
            n = n * 10 + (buf[j] - '0');
        }
        return n < actual.size() ? n : -1;
    }

    private void emit(byte[] buf, int from, int to) {
        if (to <= from) {
            return;
        }
        target.write(Stream.STDOUT, null, buf, from, to - from);
        if (current >= 0) {
            ByteArrayOutputStream kept = actual.get(current);
            kept.write(buf, from, Math.min(to - from, Math.max(0, KEPT_PER_STEP - kept.size())));
        }
    }

    @Override
    public void result(String mime, String data) {
        target.result(mime, data);
    }

    @Override
    public void hostStatus(String host, String status, String detail) {
        target.hostStatus(host, status, detail);
    }

    /** Passes on what was held back and gives the comparison as a result; returns how many commands differ. */
    synchronized int finish() {
        byte[] rest = held;
        held = new byte[0];
        emit(rest, 0, rest.length);
        ObjectNode result = Json.MAPPER.createObjectNode();
        ArrayNode steps = result.putArray("steps");
        int differ = 0;
        for (int i = 0; i < transcript.steps().size(); i++) {
            Transcript.Step step = transcript.steps().get(i);
            String real = actual.get(i).toString(StandardCharsets.UTF_8);
            ObjectNode s = steps.addObject()
                    .put("line", step.line())
                    .put("command", step.command())
                    .put("expected", step.expected())
                    .put("actual", real);
            if (step.expected().isEmpty()) {
                s.putNull("same");
            } else {
                boolean same = comparable(step.expected()).equals(comparable(TerminalText.render(real)));
                s.put("same", same);
                differ += same ? 0 : 1;
            }
        }
        result.put("differ", differ);
        try {
            target.result(Transcript.MIME, Json.MAPPER.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return differ;
    }

    /**
     * Text as compared: lines without their ends and trailing blanks; blank lines and lines starting with {@code #}
     * left out, as the pasted session cannot hold them ({@link Transcript} reads them as the script's own).
     */
    static String comparable(String text) {
        return String.join(
                "\n",
                text.replace("\r\n", "\n")
                        .lines()
                        .map(String::stripTrailing)
                        .filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#"))
                        .toList());
    }
}
