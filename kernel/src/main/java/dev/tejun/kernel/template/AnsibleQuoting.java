package dev.tejun.kernel.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Ansible playbook (YAML with Jinja). No value is ever put into the text: each reference becomes a Jinja
 * reference to a variable of its own ({@code {{ tejun_value_1 }}}), and the value goes into
 * {@link Rendered#variables()}, which the executor writes as an extra var tagged {@code !unsafe}, so Jinja in a value
 * ({@code {{ lookup('pipe','id') }}}) stays text. Where the reference sits decides what is written:
 * <ul>
 *   <li>in a plain scalar: the whole scalar becomes a double-quoted one ({@code hosts: ${params.a}-web} →
 *       {@code hosts: "{{ tejun_value_1 }}-web"}), since a scalar that starts with <code>{</code> is a YAML mapping;</li>
 *   <li>in a quoted or block scalar: the Jinja reference as it is;</li>
 *   <li>inside {@code {{ … }}}, {@code {% … %}} or a conditional ({@code when:}, {@code changed_when:} …): the bare
 *       variable name, converted with {@code int}/{@code float}/{@code bool} for a typed param; inside a Jinja
 *       string literal there it is refused;</li>
 *   <li>in a comment: text that cannot end the comment (no variable).</li>
 * </ul>
 * Under a module that hands its text to a shell ({@code shell}, {@code command}, {@code raw}, {@code script}, and
 * their {@code cmd:}), the reference is filtered through {@code quote}, so the value is one shell word there too.
 */
public final class AnsibleQuoting implements Quoting {

    public static final AnsibleQuoting INSTANCE = new AnsibleQuoting();
    /** The names of the variables, numbered from 1 in text order. */
    public static final String VARIABLE_PREFIX = "tejun_value_";

    private static final Set<String> SHELL_MODULES = Set.of("shell", "command", "raw", "script");
    private static final List<String> MODULE_PREFIXES = List.of("", "ansible.builtin.", "ansible.legacy.");

    private AnsibleQuoting() {}

    @Override
    public Rendered render(String text, List<Slot> slots) {
        StringBuilder out = new StringBuilder(text.length());
        Map<String, String> variables = new LinkedHashMap<>();
        int at = 0;
        int close = -1; // where in the text a plain scalar turned double-quoted ends, while one is open
        for (Slot s : slots) {
            Reference r = s.reference();
            close = copy(text, at, r.start(), close, out);
            at = r.end();
            if (r.raw()) {
                out.append(close >= 0 ? doubleQuoted(s.value()) : s.value());
                continue;
            }
            String value = TypedValues.checked(s);
            YamlContext where = YamlContext.at(out);
            if (where.kind() == YamlContext.Kind.COMMENT) {
                out.append(Comments.line(value));
                continue;
            }
            String name = VARIABLE_PREFIX + (variables.size() + 1);
            variables.put(name, value);
            switch (where.kind()) {
                case JINJA -> out.append(typed(s, name));
                case JINJA_STRING ->
                    throw TypedValues.refused(
                            s,
                            "is inside a string literal of a Jinja expression: " + "put it outside the quotes ('a' ~ "
                                    + "${" + r.name() + "} ~ 'b')");
                case DOUBLE, SINGLE, BLOCK -> {
                    if (where.kind() == YamlContext.Kind.DOUBLE && opensEscape(out)) {
                        throw TypedValues.refused(
                                s,
                                "follows a backslash in a double-quoted YAML string: "
                                        + "move the backslash or the reference");
                    }
                    out.append(jinja(name, shell(where.keys())));
                }
                default -> {
                    // a plain scalar: re-open it as a double-quoted one that ends where the plain one did
                    int from = where.start() < 0 ? out.length() : where.start();
                    String head = out.substring(from);
                    out.setLength(from);
                    out.append('"').append(doubleQuoted(head)).append(jinja(name, shell(where.keys())));
                    close = plainEnd(text, at, where.flow());
                }
            }
        }
        copy(text, at, text.length(), close, out);
        return new Rendered(out.toString(), List.of(), variables);
    }

    /** Copies text[from, to) to out, escaped up to {@code close} and closing the quote there; returns the new close. */
    private static int copy(String text, int from, int to, int close, StringBuilder out) {
        if (close < 0) {
            out.append(text, from, to);
            return -1;
        }
        if (close > to) {
            out.append(doubleQuoted(text.substring(from, to)));
            return close;
        }
        out.append(doubleQuoted(text.substring(from, close))).append('"').append(text, close, to);
        return -1;
    }

    private static String jinja(String name, boolean shell) {
        return "{{ " + name + (shell ? " | quote" : "") + " }}";
    }

    /** A bare name in an expression: a typed param is converted, so {@code when: ${params.dry}} means the boolean. */
    private static String typed(Slot s, String name) {
        return switch (s.type()) {
            case "integer" -> "(" + name + " | int)";
            case "number" -> "(" + name + " | float)";
            case "boolean" -> "(" + name + " | bool)";
            default -> name;
        };
    }

    /** True when the innermost key is a module that runs its text through a shell, or its {@code cmd}. */
    static boolean shell(List<String> keys) {
        int n = keys.size();
        return n > 0
                && (shellModule(keys.get(n - 1))
                        || (keys.get(n - 1).equals("cmd") && n > 1 && shellModule(keys.get(n - 2))));
    }

    private static boolean shellModule(String key) {
        for (String prefix : MODULE_PREFIXES) {
            if (key.startsWith(prefix) && SHELL_MODULES.contains(key.substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a plain scalar that goes on at {@code from} ends: at the line's end, a comment, a {@code ": "}, or in a
     * flow collection a {@code , ] }}; white space before that end is not part of it. References and Jinja
     * expressions inside are skipped whole.
     */
    static int plainEnd(String text, int from, boolean flow) {
        int i = from;
        int end = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\n';
            if (c == '\n'
                    || c == '\r'
                    || (c == '#' && i > from && text.charAt(i - 1) == ' ')
                    || (c == ':' && (next == ' ' || next == '\n' || next == '\t'))
                    || (flow && (c == ',' || c == ']' || c == '}'))) {
                break;
            }
            if ((c == '$' || c == '{') && next == '{') {
                int closing = text.indexOf(c == '$' ? "}" : "}}", i + 2);
                i = closing < 0 ? text.length() : closing + (c == '$' ? 1 : 2);
                end = i;
                continue;
            }
            i++;
            if (c != ' ' && c != '\t') {
                end = i;
            }
        }
        return end;
    }

    /** Text as the content of a YAML double-quoted scalar. */
    static String doubleQuoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static boolean opensEscape(CharSequence s) {
        int b = s.length();
        while (b > 0 && s.charAt(b - 1) == '\\') {
            b--;
        }
        return (s.length() - b) % 2 == 1;
    }
}
