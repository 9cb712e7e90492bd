package dev.tejun.kernel.template;

import java.util.List;

/**
 * Puts each value in exactly as it is. Right only where the text is itself a value and nothing evaluates it: a flow
 * param, a rule's param template, a message shown to a person. Never for a language that runs.
 */
public final class Verbatim implements Quoting {

    public static final Verbatim INSTANCE = new Verbatim();

    private Verbatim() {}

    @Override
    public Rendered render(String text, List<Slot> slots) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Slot s : slots) {
            out.append(text, at, s.reference().start()).append(s.value());
            at = s.reference().end();
        }
        return Rendered.inline(out.append(text, at, text.length()).toString());
    }
}
