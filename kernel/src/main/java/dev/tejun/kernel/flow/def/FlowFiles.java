package dev.tejun.kernel.flow.def;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.runbook.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads flow files from the runbooks folder (which confines their names) and validates them. */
public final class FlowFiles {

    /** A flow as read: the exact text (kept with each instance), the definition and its problems. */
    public record Loaded(String text, FlowDefinition definition, List<Problem> problems) {
        public boolean ok() {
            return problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR);
        }
    }

    /** A flow that cannot run; the message lists its errors. */
    public static final class InvalidFlow extends IllegalArgumentException {
        private final List<Problem> problems;

        public InvalidFlow(String name, List<Problem> problems) {
            super("flow " + name + " is not valid: "
                    + String.join(
                            "; ",
                            problems.stream()
                                    .filter(p -> p.severity() == Problem.Severity.ERROR)
                                    .map(Problem::toString)
                                    .toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private FlowFiles() {}

    /** Reads and validates {@code name}; a missing or unreadable file is an error in the result, not an exception. */
    public static Loaded load(RunbookFolder folder, String name) {
        String text;
        try {
            if (!name.endsWith(FlowDefinition.SUFFIX)) {
                throw new IOException("a flow file name ends with " + FlowDefinition.SUFFIX);
            }
            text = new String(folder.read(name), StandardCharsets.UTF_8);
        } catch (IOException | RunbookFolder.OutsideFolder e) {
            return new Loaded("", null, List.of(Problem.error(0, "cannot read flow " + name + ": " + e.getMessage())));
        }
        return loadText(folder, name, text);
    }

    /** Validates {@code text} as the flow {@code name}, resolving what it references in {@code folder}. */
    public static Loaded loadText(RunbookFolder folder, String name, String text) {
        FlowParser.Parsed parsed = FlowParser.parse(name, text);
        List<Problem> problems = FlowValidator.validate(parsed, text, folder, List.of(name));
        return new Loaded(text, parsed.definition(), problems);
    }

    /** Reads, validates and returns the definition, or throws {@link InvalidFlow}. */
    public static Loaded require(RunbookFolder folder, String name) {
        Loaded loaded = load(folder, name);
        if (!loaded.ok()) {
            throw new InvalidFlow(name, loaded.problems());
        }
        return loaded;
    }
}
