package dev.tejun.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.runbook.Languages;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one notebook code cell becomes in a runbook: {@code python} (or the kernel's language) by default;
 * {@code bash} for a cell of only {@code !cmd} lines that use no Python values ({@code {x}}, {@code $x}), and for
 * {@code %%bash}; {@code sh} for {@code %%sh}; a cell that writes the file for {@code %%writefile}. A mixed cell stays
 * Python, where IPython runs its {@code !} lines with the Python values in them.
 */
record CodeCellPlan(String language, String code) {

    private static final Pattern WRITEFILE = Pattern.compile("%%writefile(\\s+-a|\\s+--append)?\\s+(.+)");

    static CodeCellPlan of(String source, String kernelLanguage) {
        String code = source.endsWith("\n") || source.isEmpty() ? source : source + "\n";
        List<String> lines = code.lines().toList();
        List<String> meaningful = lines.stream().filter(l -> !l.isBlank()).toList();
        if (meaningful.isEmpty()) {
            return null;
        }
        String first = meaningful.getFirst().strip();
        if (first.startsWith("%%")) {
            String body = code.substring(code.indexOf('\n', code.indexOf("%%")) + 1);
            String magic = first.split("\\s+")[0];
            Matcher w = WRITEFILE.matcher(first);
            if (w.matches()) {
                return new CodeCellPlan("sh", writeFile(w.group(2).strip(), w.group(1) != null, body));
            }
            if ((magic.equals("%%bash") || magic.equals("%%sh")) && first.equals(magic)) {
                return new CodeCellPlan(magic.substring(2), body);
            }
        }
        if (meaningful.stream().allMatch(l -> l.stripLeading().startsWith("!"))
                && meaningful.stream().noneMatch(CodeCellPlan::usesPythonValues)) {
            StringBuilder shell = new StringBuilder();
            for (String l : lines) {
                String s = l.stripLeading();
                shell.append(s.startsWith("!") ? s.substring(1).stripLeading() : l)
                        .append('\n');
            }
            return new CodeCellPlan("bash", shell.toString());
        }
        return new CodeCellPlan(kernelLanguage.equals("python") ? "python" : "jupyter", code);
    }

    /** A cell Tejun exported ({@code metadata.tejun.language}): its language again, without the {@code %%bash} line. */
    static Optional<CodeCellPlan> exported(String source, JsonNode metadata) {
        String language = metadata.path("tejun").path("language").asText("");
        if (language.isEmpty()) {
            return Optional.empty();
        }
        String code = source;
        if (Languages.SHELL.contains(language) && (code.startsWith("%%bash\n") || code.startsWith("%%sh\n"))) {
            code = code.substring(code.indexOf('\n') + 1);
        }
        return Optional.of(new CodeCellPlan(language, code.endsWith("\n") || code.isEmpty() ? code : code + "\n"));
    }

    /** IPython puts Python values into a {@code !} line at {@code {expr}} and {@code $name}. */
    private static boolean usesPythonValues(String line) {
        return line.contains("{") || line.contains("$");
    }

    /** A shell cell that writes {@code body} to {@code file} (appends with {@code -a}) through a quoted here-document. */
    private static String writeFile(String file, boolean append, String body) {
        String name = file.length() > 1
                        && (file.startsWith("\"") && file.endsWith("\"") || file.startsWith("'") && file.endsWith("'"))
                ? file.substring(1, file.length() - 1)
                : file;
        String end = "TEJUN_EOF";
        while (body.lines().anyMatch(end::equals)) {
            end = end + "_";
        }
        String text = body.endsWith("\n") || body.isEmpty() ? body : body + "\n";
        return "cat " + (append ? ">>" : ">") + " '" + name.replace("'", "'\\''") + "' <<'" + end + "'\n" + text + end
                + "\n";
    }
}
