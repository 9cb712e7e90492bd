package dev.tejun.kernel.exec.dialog;

import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code ${…}} value in a dialog is never written into the YAML of the steps, where a quote or a newline in it
 * could add a step: the text gets a {@code $[value.N]} placeholder and the value travels beside it (the request's
 * variables), to be put into the one text sent or expected, as data ({@link Placeholders}).
 */
final class DialogQuoting implements Quoting {

    static final DialogQuoting INSTANCE = new DialogQuoting();

    /** The prefix of the placeholders of run values. */
    static final String VALUE = "value.";

    private DialogQuoting() {}

    @Override
    public Rendered render(String text, List<Slot> slots) {
        StringBuilder out = new StringBuilder(text.length());
        Map<String, String> values = new LinkedHashMap<>();
        int at = 0;
        for (Slot s : slots) {
            out.append(text, at, s.reference().start());
            if (s.reference().raw()) {
                out.append(s.value());
            } else {
                String name = VALUE + (values.size() + 1);
                values.put(name, s.value());
                out.append("$[").append(name).append(']');
            }
            at = s.reference().end();
        }
        return new Rendered(out.append(text, at, text.length()).toString(), List.of(), values);
    }
}
