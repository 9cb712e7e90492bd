package dev.tejun.server.runbooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.tejun.kernel.format.ProseRenderer;
import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.format.SecretDefaults;
import dev.tejun.kernel.runbook.AttributeSchema;
import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CellAttributes;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runbook document of {@code docs/protocol.md}: what the notebook needs to draw and edit one file.
 * {@code version} is the SHA-256 of the file's bytes, so a client proves which text its edit replaces.
 * {@code replaced} is set only in the answer to a save: the file's text before that save, so the notebook can undo
 * the save through the whole-file PUT (which names the version the save made, so a change made since is not lost).
 * {@code takes} lists, once per language of the file's code cells, the attributes that language's executor takes (what
 * the attribute editor offers); a cell finds its list by its {@code language}.
 */
public record RunbookDocument(
        String name,
        String title,
        String version,
        List<Param> params,
        List<ProblemView> problems,
        String frontMatter,
        List<CellView> cells,
        Map<String, List<AttributeSchema.Attribute>> takes,
        String replaced) {

    public record Param(
            String name,
            String type,
            @JsonProperty("default") String defaultValue,
            List<String> allowed,
            boolean secret,
            String description) {}

    public record ProblemView(String severity, int line, String message) {}

    /** One cell; the {@code kind} field tells prose from code. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({@JsonSubTypes.Type(Prose.class), @JsonSubTypes.Type(Code.class)})
    public sealed interface CellView permits Prose, Code {
        int index();
    }

    /** {@code html} is rendered with raw HTML escaped, so a {@code <script>} in a runbook shows as text. */
    @JsonTypeName("prose")
    public record Prose(int index, String source, String html) implements CellView {}

    /** {@code depth} counts the list items and block quotes that hold the cell (0 at top level); the notebook draws it inside them. */
    @JsonTypeName("code")
    public record Code(
            int index, String id, String language, Map<String, String> attributes, String code, int line, int depth)
            implements CellView {}

    /**
     * One runbook of the list: its file name, title (null when the front matter has none), front matter tags and
     * headings (so the list's filter finds a runbook by a step's name).
     */
    public record Summary(String name, String title, List<String> tags, List<String> headings) {}

    public static RunbookDocument of(String name, byte[] bytes) {
        Runbook runbook = RunbookFormat.parse(new String(bytes, StandardCharsets.UTF_8));
        List<Param> params = runbook.metadata().params().values().stream()
                .map(RunbookDocument::param)
                .toList();
        // what tejun check says of the file (attribute errors, undeclared params, transcripts), not only the parser
        List<ProblemView> problems = RunbookCheck.problems(runbook).stream()
                .map(p -> new ProblemView(p.severity().name().toLowerCase(), p.line(), p.message()))
                .toList();
        List<CellView> cells = new ArrayList<>();
        Map<String, List<AttributeSchema.Attribute>> takes = new TreeMap<>();
        // one page: a footnote reference in one prose cell finds its note in another
        ProseRenderer prose = ProseRenderer.forRunbook(runbook);
        for (int i = 0; i < runbook.cells().size(); i++) {
            cells.add(view(
                    prose,
                    i,
                    runbook.cells().get(i),
                    i == 0 ? null : runbook.cells().get(i - 1)));
            if (runbook.cells().get(i) instanceof CodeCell c) {
                // what the attribute editor offers: the attributes this language's executor takes
                takes.computeIfAbsent(
                        c.language(),
                        language -> CellAttributes.forLanguage(language)
                                .map(schema -> List.copyOf(schema.attributes().values()))
                                .orElse(List.of()));
            }
        }
        return new RunbookDocument(
                name, runbook.title(), versionOf(bytes), params, problems, runbook.frontMatter(), cells, takes, null);
    }

    /** The answer to a save that replaced {@code before}: this document, saying what the save replaced. */
    RunbookDocument replacing(byte[] before) {
        return new RunbookDocument(
                name,
                title,
                version,
                params,
                problems,
                frontMatter,
                cells,
                takes,
                new String(before, StandardCharsets.UTF_8));
    }

    /** The document with the front matter's secret defaults replaced (the params list never shows them). */
    public RunbookDocument withoutSecretDefaults() {
        return new RunbookDocument(
                name, title, version, params, problems, SecretDefaults.redact(frontMatter), cells, takes, null);
    }

    private static Param param(ParamSpec p) {
        // A secret's default is a secret too; the notebook only needs to know there is one.
        String shown = p.secret() && p.defaultValue() != null ? "****" : p.defaultValue();
        return new Param(p.name(), p.type(), shown, p.allowed(), p.secret(), p.description());
    }

    private static CellView view(ProseRenderer prose, int index, Cell cell, Cell before) {
        String indent = before instanceof CodeCell nested && nested.depth() > 0 ? nested.indent() : "";
        return switch (cell) {
            case ProseCell p -> new Prose(index, p.source(), prose.continuing(p.source(), indent));
            case CodeCell c ->
                new Code(index, c.id(), c.language(), c.attributes().values(), c.code(), c.line(), c.depth());
        };
    }

    public static String versionOf(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
