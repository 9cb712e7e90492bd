package dev.tejun.kernel.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pasted terminal session: commands after {@code $ } prompts, the program's output between them. People
 * paste these into {@code console} and {@code shell-session} fences, and into {@code sh}/{@code bash}/{@code shell}
 * fences too. As Runme does, only the commands run and the other lines are expected output: running a pasted
 * output line as a command (a table header, a log line, a {@code rm} someone echoed) is never right.
 *
 * <p>A shell fence is a transcript when its first line that is neither blank nor a {@code #} comment starts with a
 * {@code $ } prompt, so a script that merely prints a {@code $ } inside a here-document is left alone. A line
 * ending in a backslash continues its command. {@code # } is read as a comment, not as a root prompt: in a shell
 * script it is one. The commands keep their line numbers (output lines become empty lines), so a shell error
 * names the line of the fence.
 *
 * <p>Each command and the output pasted after it (up to the next prompt) is a {@link Step}: a run shows the pasted
 * output beside what the command really wrote ({@link #marked} lets the executor tell the commands' output apart).
 *
 * @param commands       the script that runs
 * @param expectedOutput the output lines as pasted, for showing beside the real output
 * @param commandCount   how many commands follow prompts
 * @param outputLines    how many lines are output, not run
 * @param steps          the commands in order, each with the output pasted after it
 */
public record Transcript(String commands, String expectedOutput, int commandCount, int outputLines, List<Step> steps) {

    /**
     * One command of the session.
     *
     * @param line     its line in the fence, from 1 (the first line of a command continued with {@code \})
     * @param command  as typed after the prompt (continuation lines included)
     * @param expected the lines pasted after it before the next prompt (blank and {@code #} lines left out)
     */
    public record Step(int line, String command, String expected) {}

    public Transcript {
        steps = List.copyOf(steps);
    }

    /**
     * The type of the result a run of a transcript gives: {@code {"steps":[{"line","command","expected","actual",
     * "same"}],"differ":N}}, {@code same} null for a command with no pasted output.
     */
    public static final String MIME = "application/vnd.tejun.transcript+json";

    /** Fences that are always transcripts, prompts or not. */
    public static final Set<String> LANGUAGES = Set.of("console", "shell-session");

    /** The transcript in {@code code} of a {@code language} cell; empty when it is a plain script. */
    public static Optional<Transcript> read(String language, String code) {
        Lines lines = Lines.of(code);
        if (!LANGUAGES.contains(language) && !startsWithPrompt(lines)) {
            return Optional.empty();
        }
        StringBuilder commands = new StringBuilder();
        StringBuilder output = new StringBuilder();
        int commandCount = 0;
        int outputLines = 0;
        boolean continues = false;
        List<Step> steps = new ArrayList<>();
        int stepLine = 0;
        StringBuilder typed = new StringBuilder();
        StringBuilder pasted = new StringBuilder();
        for (int i = 0; i < lines.count(); i++) {
            String line = lines.withEnding(i);
            String content = Lines.stripEnding(line);
            String eol = Lines.ending(line);
            String s = content.stripLeading();
            boolean command = continues || s.equals("$") || s.startsWith("$ ");
            if (continues) {
                commands.append(line);
                typed.append('\n').append(content);
            } else if (command) {
                if (stepLine > 0) {
                    steps.add(new Step(stepLine, typed.toString(), pasted.toString()));
                }
                stepLine = i + 1;
                typed.setLength(0);
                pasted.setLength(0);
                typed.append(s.substring(1).stripLeading());
                commands.append(s.substring(1).stripLeading()).append(eol);
                commandCount++;
            } else if (s.isEmpty() || s.startsWith("#")) {
                commands.append(line);
            } else {
                commands.append(eol);
                output.append(line);
                pasted.append(content).append('\n');
                outputLines++;
            }
            continues = command && content.endsWith("\\");
        }
        if (stepLine > 0) {
            steps.add(new Step(stepLine, typed.toString(), pasted.toString()));
        }
        return Optional.of(new Transcript(commands.toString(), output.toString(), commandCount, outputLines, steps));
    }

    /**
     * {@link #commands} with a mark written to stdout before each command: {@code RS TOKEN:N RS} (RS is the record
     * separator, 0x1e) for the N-th step, from 0. The exit status of the command before is kept across the mark, so
     * {@code $ echo $?} after a failing command still says so. {@code token} is made fresh for each run, so output
     * cannot forge a mark.
     */
    public String marked(String token) {
        Lines lines = Lines.of(commands);
        StringBuilder out = new StringBuilder(commands.length() + steps.size() * 64);
        int next = 0;
        for (int i = 0; i < lines.count(); i++) {
            if (next < steps.size() && steps.get(next).line() == i + 1) {
                out.append("__tejun_rc=$?; printf '\\036%s:%d\\036' '")
                        .append(token)
                        .append("' ")
                        .append(next)
                        .append("; (exit $__tejun_rc); ");
                next++;
            }
            out.append(lines.withEnding(i));
        }
        return out.toString();
    }

    private static boolean startsWithPrompt(Lines lines) {
        for (int i = 0; i < lines.count(); i++) {
            String s = lines.content(i).strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                return s.equals("$") || s.startsWith("$ ");
            }
        }
        return false;
    }

    /** What {@code check} and the run say about it. */
    public String describe() {
        return "a pasted terminal session: the " + commandCount + (commandCount == 1 ? " command" : " commands")
                + " after '$ ' prompts run"
                + (outputLines == 0
                        ? ""
                        : "; " + outputLines + (outputLines == 1 ? " line" : " lines")
                                + " of pasted output are not run");
    }
}
