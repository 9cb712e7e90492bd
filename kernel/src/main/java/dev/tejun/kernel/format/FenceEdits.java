package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.AttributeSchema;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.runbook.CellAttributes;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.Runbook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The two headers an author edits in a form rather than as text: a code cell's fence attributes and the runbook's
 * front matter. Each writes only its own bytes (the opening fence line, or the front matter block) and refuses what
 * {@code check} would call an error, so the file never holds a half-valid header written by the notebook.
 */
public final class FenceEdits {

    private static final Pattern GOOD_ID = Pattern.compile("[A-Za-z0-9_-]+");
    /** A value that needs no quotes: plain characters and {@code ${…}} references. */
    private static final Pattern BARE = Pattern.compile("(?:[A-Za-z0-9_./:,@+*=\\-]|\\$\\{[^}\\s\"'\\\\]*})+");

    private FenceEdits() {}

    /**
     * Gives code cell {@code index} a new id and attribute values; its language, classes ({@code .flag}) and code stay.
     * {@code values} lists every attribute the cell should have, in the order to write them (keys the cell had keep
     * their place first). Only keys the cell's executor takes ({@link CellAttributes}), with values of their type.
     *
     * @param id the explicit id, or null/blank for an implicit one
     * @throws IllegalArgumentException for an unknown key, a bad or taken id, a value that cannot be written
     */
    public static Runbook withAttributes(Runbook rb, int index, String id, Map<String, String> values) {
        if (index < 0 || index >= rb.cells().size() || !(rb.cells().get(index) instanceof CodeCell cell)) {
            throw new IllegalArgumentException("cell " + index + " is not a code cell");
        }
        String newId = id == null || id.isBlank() ? null : id.strip();
        if (newId != null && !GOOD_ID.matcher(newId).matches()) {
            throw new IllegalArgumentException("a cell id uses only letters, digits, '-' and '_': " + newId);
        }
        if (newId != null && rb.codeCells().stream().anyMatch(c -> c != cell && c.id().equals(newId))) {
            throw new IllegalArgumentException("another cell already has the id " + newId);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        cell.attributes().values().keySet().stream().filter(values::containsKey).forEach(k -> ordered.put(k, null));
        AttributeSchema schema = CellAttributes.forLanguage(cell.language())
                .orElseThrow(() -> new IllegalArgumentException("cell " + index + " is not a code cell"));
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!schema.attributes().containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown attribute '" + e.getKey() + "': " + schema.executor()
                        + " cells take " + String.join(", ", schema.attributes().keySet()));
            }
            String v = e.getValue() == null ? "" : e.getValue();
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('`') >= 0) {
                throw new IllegalArgumentException("attribute " + e.getKey() + ": a value is one line without '`'");
            }
            ordered.put(e.getKey(), v);
        }
        Attributes attributes = new Attributes(newId, cell.attributes().classes(), ordered);
        String fence = withInfo(cell, info(cell.language(), newId, attributes));
        int at = CellMoves.start(rb, index);
        String text = RunbookFormat.write(rb);
        Runbook result = RunbookFormat.parse(text.substring(0, at)
                + fence
                + text.substring(at + cell.openingFence().length()));
        if (result.cells().size() != rb.cells().size()
                || !(result.cells().get(index) instanceof CodeCell edited)
                || !edited.code().equals(cell.code())
                || !edited.attributes().values().equals(ordered)) {
            throw new IllegalArgumentException("these attributes cannot be written in the fence of cell " + cell.id());
        }
        // the same declaration check and a run read: a value not of its type is refused here already
        CellAttributes.problems(edited).stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .findFirst()
                .ifPresent(p -> {
                    throw new IllegalArgumentException(p.message());
                });
        return result;
    }

    /**
     * Replaces the front matter with {@code yaml} between {@code ---} lines ({@code yaml} blank: no front matter).
     *
     * @throws IllegalArgumentException with the errors {@code check} finds in the new front matter
     */
    public static Runbook withFrontMatter(Runbook rb, String yaml) {
        String eol = CellMoves.lineEnding(rb);
        String body = RunbookFormat.write(rb).substring(rb.frontMatter().length());
        String block = "";
        if (yaml != null && !yaml.isBlank()) {
            String y = yaml.indexOf('\r') < 0 && !eol.equals("\n") ? yaml.replace("\n", eol) : yaml;
            if (!y.endsWith("\n") && !y.endsWith("\r")) {
                y += eol;
            }
            block = "---" + eol + y + "---" + eol;
        }
        Runbook result = RunbookFormat.parse(block + body);
        int lines = Lines.of(block).count();
        List<String> errors = new ArrayList<>();
        for (Problem p : RunbookCheck.problems(result)) {
            if (p.severity() == Problem.Severity.ERROR && p.line() <= Math.max(1, lines)) {
                errors.add("line " + p.line() + ": " + p.message());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        if (result.codeCells().size() != rb.codeCells().size()) {
            throw new IllegalArgumentException("the front matter would change the cells after it");
        }
        return result;
    }

    /** The info string {@code LANG {#id .class key=value …}} ({@code LANG} alone when there is nothing else). */
    static String info(String language, String id, Attributes attributes) {
        List<String> parts = new ArrayList<>();
        if (id != null) {
            parts.add("#" + id);
        }
        attributes.classes().forEach(c -> parts.add("." + c));
        attributes.values().forEach((k, v) -> parts.add(k + "=" + quoted(v)));
        return parts.isEmpty() ? language : language + " {" + String.join(" ", parts) + "}";
    }

    /** The cell's opening fence line with {@code info} after its fence characters; prefix and line ending kept. */
    static String withInfo(CodeCell cell, String info) {
        String line = cell.openingFence();
        int i = 0;
        while (i < line.length() && line.charAt(i) != '`' && line.charAt(i) != '~') {
            i++;
        }
        char fence = line.charAt(i);
        while (i < line.length() && line.charAt(i) == fence) {
            i++;
        }
        if (fence == '`' && info.indexOf('`') >= 0) {
            throw new IllegalArgumentException("a backtick fence's info cannot contain '`'");
        }
        return line.substring(0, i) + info + Lines.ending(line);
    }

    private static String quoted(String value) {
        if (BARE.matcher(value).matches()) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
