package dev.tejun.kernel.template;

import java.util.List;

/** A quoting that writes each value into the text itself, chosen by what the text before it is. */
interface Inline {

    /**
     * What to write for one checked value.
     *
     * @param before the rendered text so far (the value goes at its end)
     * @param after  the template's text after the reference
     */
    String put(Slot slot, String value, CharSequence before, String after);

    /** Copies the text, asking {@code inline} for each value; a raw reference's value goes in as it is. */
    static Rendered render(String text, List<Slot> slots, Inline inline) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Slot s : slots) {
            Reference r = s.reference();
            out.append(text, at, r.start());
            at = r.end();
            out.append(r.raw() ? s.value() : inline.put(s, TypedValues.checked(s), out, text.substring(at)));
        }
        return Rendered.inline(out.append(text, at, text.length()).toString());
    }
}
