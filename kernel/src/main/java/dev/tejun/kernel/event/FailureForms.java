package dev.tejun.kernel.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms of the English messages a cell or a run ends with ({@link CellFinished#message()}, {@link
 * RunFinished#message()}): "exit code 1", "timed out after 30 s", "stopped" … each with a stable code, so that a
 * reader sees them in their language. The messages themselves stay English (evidence records them as they were);
 * the server sends each one's code beside it (its {@code ErrorCodes} takes these forms as its own) and the evidence
 * report words it from {@code report-words_LANG.properties} ({@code outcome.CODE}). A message of another form has no
 * code and shows as it is.
 */
public final class FailureForms {

    /** One form: its code and the English it recognises, whose named groups are the code's args. */
    public record Form(String code, Pattern pattern) {}

    /** A message recognised: its code and the values its text names. */
    public record Match(String code, Map<String, String> args) {}

    public static final List<Form> ALL = List.of(
            form("outcome.exit-code", "exit code (?<code>-?\\d+)"),
            form("outcome.timed-out", "timed out after (?<seconds>\\d+) s"),
            form("outcome.stopped", "stopped"),
            form("outcome.stopped-before-start", "stopped before it started"),
            form("outcome.queue-cancelled", "cancelled while it waited in the run queue"),
            form("outcome.skipped-stop", "skipped: cell \\(stop requested\\) did not succeed"),
            form("outcome.skipped", "skipped: cell (?<cell>\\S+) did not succeed"),
            form("outcome.frozen", "frozen \\(freeze=true\\): not run"),
            form("outcome.no-executor", "no executor for language '(?<language>[^']*)' on this server"),
            form("outcome.unresolved", "unresolved references? (?<references>\\$\\{.+})"));

    private static final Pattern GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private FailureForms() {}

    private static Form form(String code, String regex) {
        return new Form(code, Pattern.compile(regex, Pattern.DOTALL));
    }

    /** The code of {@code message} when it has one of these forms. */
    public static Optional<Match> match(String message) {
        if (message == null) {
            return Optional.empty();
        }
        for (Form f : ALL) {
            Matcher m = f.pattern().matcher(message);
            if (m.matches()) {
                return Optional.of(new Match(f.code(), args(f.pattern(), m)));
            }
        }
        return Optional.empty();
    }

    /** The named groups of {@code pattern} that matched, by name, in the order the pattern names them. */
    public static Map<String, String> args(Pattern pattern, Matcher m) {
        Map<String, String> args = new LinkedHashMap<>();
        Matcher names = GROUP.matcher(pattern.pattern());
        while (names.find()) {
            String value = m.group(names.group(1));
            if (value != null) {
                args.put(names.group(1), value);
            }
        }
        return args;
    }
}
