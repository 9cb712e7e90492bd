package dev.tejun.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A notebook as a runbook: front matter with the title and the notebook's Jupyter metadata (kernelspec, LC4RI's
 * {@code lc_notebook_meme}, where it came from and its SHA-256), Markdown cells verbatim, code cells as
 * {@link CodeCellPlan} says, each with the id it had ({@code lc_cell_meme}, or the one Tejun exported) so lineage
 * survives. The outputs saved in the notebook come along, per runbook cell, for a recorded run.
 */
public final class NotebookImport {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /**
     * The runbook and what the notebook had recorded.
     *
     * @param recorded per code cell of {@code runbook}, in order: the notebook's saved outputs (possibly none)
     */
    public record Imported(String markdown, Runbook runbook, List<Recorded> recorded, String sha256) {}

    /** A runbook cell and the outputs its notebook cell had saved, as nbformat output objects. */
    public record Recorded(CodeCell cell, List<JsonNode> outputs) {}

    private NotebookImport() {}

    /**
     * @param name the notebook's file name, kept in the front matter
     * @throws IllegalArgumentException when the bytes are not a notebook Tejun can read, saying why
     */
    public static Imported of(byte[] bytes, String name) {
        Notebook nb = Notebook.read(bytes);
        String sha = sha256(bytes);
        // a notebook Tejun exported carries the runbook's own front matter
        String kept = nb.metadata().path("tejun").path("frontMatter").asText("");
        StringBuilder md = new StringBuilder(kept.isEmpty() ? frontMatter(nb, name, sha) : kept);
        List<List<JsonNode>> outputs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Notebook.NbCell c : nb.cells()) {
            if (c.type().equals("markdown") || c.type().equals("raw")) {
                if (c.source().isBlank()) {
                    continue;
                }
                md.append('\n').append(c.source().endsWith("\n") ? c.source() : c.source() + "\n");
                continue;
            }
            CodeCellPlan plan = CodeCellPlan.exported(c.source(), c.metadata())
                    .orElseGet(() -> CodeCellPlan.of(c.source(), nb.language()));
            if (plan == null) {
                continue;
            }
            String id = id(c, ids);
            String fence = fence(plan.code());
            md.append('\n')
                    .append(fence)
                    .append(plan.language())
                    .append(id == null ? "" : " {#" + id + "}")
                    .append('\n')
                    .append(plan.code())
                    .append(fence)
                    .append('\n');
            outputs.add(c.outputs());
        }
        String markdown = md.toString();
        Runbook runbook = RunbookFormat.parse(markdown);
        List<CodeCell> cells = runbook.codeCells();
        if (cells.size() != outputs.size()) {
            // a notebook's Markdown held a fence of a cell language, which the runbook now reads as a cell
            throw new IllegalArgumentException("the notebook's Markdown cells hold " + (cells.size() - outputs.size())
                    + " fence(s) of a cell language (```sh, ```python…), which would run as cells: change their "
                    + "language in the notebook (```text) and import again");
        }
        List<Recorded> recorded = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            recorded.add(new Recorded(cells.get(i), outputs.get(i)));
        }
        return new Imported(markdown, runbook, recorded, sha);
    }

    /** The cell's id: the one Tejun exported it with, else LC4RI's meme; null (an implicit id) when taken or odd. */
    private static String id(Notebook.NbCell c, Set<String> taken) {
        String id = c.metadata().path("tejun").path("id").asText("");
        if (id.isEmpty()) {
            id = c.metadata().path("lc_cell_meme").path("current").asText("");
        }
        if (id.isEmpty() || !ID.matcher(id).matches() || id.matches("cell-\\d+") || !taken.add(id)) {
            return null;
        }
        return id;
    }

    private static String fence(String code) {
        int longest = 0;
        for (String line : code.lines().toList()) {
            String s = line.stripLeading();
            int n = 0;
            while (n < s.length() && s.charAt(n) == '`') {
                n++;
            }
            longest = Math.max(longest, n);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    private static String frontMatter(Notebook nb, String name, String sha) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("title", title(nb, name));
        Map<String, Object> jupyter = new LinkedHashMap<>();
        JsonNode spec = nb.metadata().path("kernelspec");
        if (spec.isObject()) {
            jupyter.put("kernelspec", Json.MAPPER.convertValue(spec, Object.class));
        }
        JsonNode meme = nb.metadata().path("lc_notebook_meme");
        if (meme.isObject()) {
            jupyter.put("lc_notebook_meme", Json.MAPPER.convertValue(meme, Object.class));
        }
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("notebook", name);
        from.put("sha256", sha);
        from.put("nbformat", nb.nbformat() + "." + nb.minor());
        jupyter.put("imported", from);
        fm.put("jupyter", jupyter);
        try {
            String yaml = Json.YAML
                    .writer()
                    .without(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .writeValueAsString(fm);
            // the mapper's factory writes its own start marker whatever the writer says
            return (yaml.startsWith("---\n") ? yaml : "---\n" + yaml) + "---\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first Markdown heading's text, else the file name without {@code .ipynb}. */
    private static String title(Notebook nb, String name) {
        for (Notebook.NbCell c : nb.cells()) {
            if (c.type().equals("markdown")) {
                for (String line : c.source().lines().toList()) {
                    if (line.startsWith("#")) {
                        String t = line.replaceFirst("^#+\\s*", "").strip();
                        if (!t.isEmpty()) {
                            return t;
                        }
                    }
                }
            }
        }
        return name.endsWith(".ipynb") ? name.substring(0, name.length() - ".ipynb".length()) : name;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
