package dev.tejun.kernel.exec.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.exec.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the kernel's iopub messages into Tejun's output events: {@code stream} into stdout/stderr bytes,
 * {@code execute_result} and {@code display_data} into one result each (the richest representation Tejun shows:
 * PNG, HTML, JSON as a table or tree, then text), {@code error} into its traceback on stderr.
 */
final class DisplayOutputs {

    private final Output output;
    private String value;
    private String errorName;
    private String errorValue;

    DisplayOutputs(Output output) {
        this.output = output;
    }

    /** Handles one iopub message of the cell's request. */
    void accept(KernelMessage m) {
        JsonNode c = m.content();
        switch (m.type()) {
            case "stream" -> {
                String text = c.path("text").asText("");
                if ("stderr".equals(c.path("name").asText())) {
                    output.stderr(text);
                } else {
                    output.stdout(text);
                }
            }
            case "execute_result" -> {
                JsonNode plain = c.path("data").path(MimeBundle.TEXT);
                if (plain.isTextual()) {
                    value = plain.asText();
                }
                display(c.path("data"));
            }
            case "display_data", "update_display_data" -> display(c.path("data"));
            case "error" -> {
                errorName = c.path("ename").asText("Error");
                errorValue = c.path("evalue").asText("");
                List<String> lines = new ArrayList<>();
                c.path("traceback").forEach(l -> lines.add(MimeBundle.plain(l.asText())));
                String text = lines.isEmpty() ? errorName + ": " + errorValue : String.join("\n", lines);
                output.stderr(text.endsWith("\n") ? text : text + "\n");
            }
            default -> {
                // status, execute_input, clear_output, comm messages: nothing a record keeps
            }
        }
    }

    private void display(JsonNode data) {
        MimeBundle.Shown shown = MimeBundle.richest(data);
        if (shown != null) {
            output.result(shown.mime(), shown.data());
        }
    }

    /** The text of the cell's {@code execute_result}, or null when it had none. */
    String value() {
        return value;
    }

    String errorName() {
        return errorName;
    }

    /** {@code NameError: name 'x' is not defined}, or null when no error came. */
    String error() {
        return errorName == null ? null : errorValue.isEmpty() ? errorName : errorName + ": " + errorValue;
    }
}
