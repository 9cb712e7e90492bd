package dev.tejun.kernel.template;

import java.util.List;

/**
 * For a language Tejun cannot write values in (a Jupyter kernel of some language it does not know): every
 * reference is refused, unless the author asked for it to be pasted in as code with {@code ${raw:…}}.
 */
public final class Refusing implements Quoting {

    public static final Refusing INSTANCE = new Refusing();

    private Refusing() {}

    @Override
    public Rendered render(String text, List<Slot> slots) {
        return Inline.render(text, slots, (s, value, before, after) -> {
            throw TypedValues.refused(
                    s,
                    "is in a cell whose language Tejun cannot quote values for: use a python cell, or " + "${raw:"
                            + s.reference().name() + "} if pasting the value in as code is what you mean");
        });
    }
}
