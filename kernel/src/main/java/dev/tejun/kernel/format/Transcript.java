package dev.tejun.kernel.format;

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
 * @param commands       the script that runs
 * @param expectedOutput the output lines as pasted, for showing beside the real output
 * @param commandCount   how many commands follow prompts
 * @param outputLines    how many lines are output, not run
 */
public record Transcript(String commands, String expectedOutput, int commandCount, int outputLines) {

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
        for (int i = 0; i < lines.count(); i++) {
            String line = lines.withEnding(i);
            String content = Lines.stripEnding(line);
            String eol = Lines.ending(line);
            String s = content.stripLeading();
            boolean command = continues || s.equals("$") || s.startsWith("$ ");
            if (continues) {
                commands.append(line);
            } else if (command) {
                commands.append(s.substring(1).stripLeading()).append(eol);
                commandCount++;
            } else if (s.isEmpty() || s.startsWith("#")) {
                commands.append(line);
            } else {
                commands.append(eol);
                output.append(line);
                outputLines++;
            }
            continues = command && content.endsWith("\\");
        }
        return Optional.of(new Transcript(commands.toString(), output.toString(), commandCount, outputLines));
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
