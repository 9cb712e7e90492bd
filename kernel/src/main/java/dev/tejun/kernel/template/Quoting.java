package dev.tejun.kernel.template;

import java.util.List;

/**
 * How one language takes values. An implementation reads the text as its language does (quotes, comments,
 * here-documents…) to learn what each slot sits in, and writes the value so that it is exactly that value there and
 * can never end the string, start a command or be evaluated. A slot whose reference is {@code raw} is pasted in as
 * it is. An implementation is pure: no I/O, no state.
 */
public interface Quoting {

    /** {@code slots} are in text order and do not overlap. */
    Rendered render(String text, List<Slot> slots);
}
