package dev.tejun.kernel.exec.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads Terraform's machine-readable UI (one JSON message per line on stdout, documented as "Machine-readable UI"
 * for Terraform 0.15.3+ and OpenTofu) and passes on its {@code @message} texts as readable lines, keeping the raw
 * lines in a log. {@code planned_change} lines become {@code + create aws_instance.web}; the last
 * {@code change_summary} gives the counts. Lines that are not JSON (init's output) pass through as they are.
 */
final class JsonUi implements Output {

    private static final ObjectMapper JSON = Json.MAPPER;

    /** The counts of the last change summary; -1 until one came. */
    record Summary(int add, int change, int remove, String operation) {
        String text() {
            return add < 0
                    ? "no change summary"
                    : operation + ": " + add + " to add, " + change + " to change, " + remove + " to destroy";
        }
    }

    private final Output target;
    private final OutputStream rawLog;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile Summary summary = new Summary(-1, -1, -1, "none");
    private volatile String error;

    JsonUi(Output target, OutputStream rawLog) {
        this.target = target;
        this.rawLog = rawLog;
    }

    Summary summary() {
        return summary;
    }

    /** The first error diagnostic's summary, or null. */
    String error() {
        return error;
    }

    @Override
    public void write(Stream stream, String host, byte[] data, int offset, int length) {
        if (stream != Stream.STDOUT) {
            target.write(stream, host, data, offset, length);
            return;
        }
        synchronized (line) {
            for (int i = offset; i < offset + length; i++) {
                if (data[i] == '\n') {
                    handle(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(data[i]);
                }
            }
        }
    }

    void flush() {
        synchronized (line) {
            if (line.size() > 0) {
                handle(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }

    private void handle(String text) {
        try {
            rawLog.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode m = null;
        if (text.startsWith("{")) {
            try {
                m = JSON.readTree(text);
            } catch (IOException notJson) {
                m = null;
            }
        }
        if (m == null || !m.has("@message")) {
            target.stdout(text + "\n");
            return;
        }
        switch (m.path("type").asText()) {
            case "planned_change" -> {
                JsonNode c = m.path("change");
                target.stdout(
                        sign(c.path("action").asText()) + " " + c.path("action").asText() + " "
                                + c.path("resource").path("addr").asText() + "\n");
            }
            case "change_summary" -> {
                JsonNode c = m.path("changes");
                summary = new Summary(
                        c.path("add").asInt(),
                        c.path("change").asInt(),
                        c.path("remove").asInt(),
                        c.path("operation").asText("plan"));
                target.stdout(m.path("@message").asText() + "\n");
            }
            case "diagnostic" -> {
                JsonNode d = m.path("diagnostic");
                if ("error".equals(d.path("severity").asText()) && error == null) {
                    error = d.path("summary").asText();
                }
                String detail = d.path("detail").asText("");
                target.stderr(d.path("severity").asText() + ": "
                        + d.path("summary").asText() + (detail.isEmpty() ? "" : "\n  " + detail) + "\n");
            }
            default -> target.stdout(m.path("@message").asText() + "\n");
        }
    }

    private static String sign(String action) {
        return switch (action) {
            case "create" -> "+";
            case "delete" -> "-";
            case "update" -> "~";
            case "replace" -> "-/+";
            default -> " ";
        };
    }

    @Override
    public void result(String mime, String data) {
        target.result(mime, data);
    }
}
