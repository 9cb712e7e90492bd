package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunbookFormatTest {

    private static final String DESIGN_EXAMPLE = """
            ---
            title: Patch web servers
            params:
              env: { default: staging, enum: [staging, prod] }
              dry_run: { default: true, type: boolean }
            requires: [operator]          # roles that may execute it
            schedule: "0 3 * * MON"       # optional: headless schedule
            ---
            # Patch web servers

            Check free disk first.

            ```sh {#disk timeout=60}
            df -h /
            ```

            ```ansible {#patch hosts=web check=${params.dry_run}}
            - hosts: web
              tasks:
                - ansible.builtin.apt: { upgrade: dist }
            ```
            """;

    @Test
    void parse_designExample_readsMetadataAndCells() {
        Runbook rb = RunbookFormat.parse(DESIGN_EXAMPLE);

        assertEquals("Patch web servers", rb.title());
        assertEquals(
                new ParamSpec("env", "string", "staging", List.of("staging", "prod"), false, null),
                rb.metadata().params().get("env"));
        assertEquals(
                new ParamSpec("dry_run", "boolean", "true", List.of(), false, null),
                rb.metadata().params().get("dry_run"));
        assertEquals(List.of("operator"), rb.metadata().requires());
        assertEquals("0 3 * * MON", rb.metadata().schedule());
        assertEquals(
                List.of("disk", "patch"),
                rb.codeCells().stream().map(CodeCell::id).toList());
        assertEquals(
                "${params.dry_run}",
                rb.codeCell("patch").orElseThrow().attributes().values().get("check"));
        assertEquals(List.of(), rb.problems());
        assertEquals(DESIGN_EXAMPLE, RunbookFormat.write(rb));
    }

    @Test
    void parse_codeCell_splitsFenceLinesAndBodyExactly() {
        CodeCell cell = RunbookFormat.parse("x\n```sh {#a}\r\necho 1\r\n```  \r\ny")
                .codeCells()
                .getFirst();

        assertEquals("```sh {#a}\r\n", cell.openingFence());
        assertEquals("echo 1\r\n", cell.code());
        assertEquals("```  \r\n", cell.closingFence());
        assertEquals(2, cell.line());
        assertTrue(cell.explicitId());
    }

    @Test
    void parse_frontMatter_isKeptVerbatimWithBothDelimiters() {
        String fm = "---\r\ntitle: T  # comment\r\nparams:\r\n  x: 5\r\n...\r\n";

        Runbook rb = RunbookFormat.parse(fm + "body\n");

        assertEquals(fm, rb.frontMatter());
        assertEquals("T", rb.title());
        assertEquals("5", rb.metadata().params().get("x").defaultValue());
        assertEquals(List.of(new ProseCell("body\n")), rb.cells());
    }

    @Test
    void parse_frontMatterWithoutFinalNewline_isAllFrontMatter() {
        Runbook rb = RunbookFormat.parse("---\ntitle: T\n---");

        assertEquals("---\ntitle: T\n---", rb.frontMatter());
        assertEquals(List.of(), rb.cells());
        assertEquals("T", rb.title());
    }

    @Test
    void parse_paramSettings_readsEveryField() {
        Runbook rb = RunbookFormat.parse("""
                ---
                params:
                  token: { type: string, secret: true, description: "API token" }
                  count: { default: 3, type: integer }
                  bare: hello
                  flag:
                ---
                """);

        ParamSpec token = rb.metadata().params().get("token");
        assertTrue(token.secret());
        assertTrue(token.required());
        assertEquals("API token", token.description());
        assertEquals(
                new ParamSpec("count", "integer", "3", List.of(), false, null),
                rb.metadata().params().get("count"));
        assertEquals("hello", rb.metadata().params().get("bare").defaultValue());
        assertTrue(rb.metadata().params().get("flag").required());
        assertEquals(
                List.of("token", "count", "bare", "flag"),
                List.copyOf(rb.metadata().params().keySet()));
    }

    @Test
    void parse_badParamType_isAProblemOnItsLine() {
        Runbook rb = RunbookFormat.parse("---\ntitle: x\nparams:\n  n: { type: float }\n---\n");

        assertEquals(
                List.of(Problem.error(4, "param n: type must be one of [boolean, integer, number, string]")),
                rb.problems());
        assertEquals("string", rb.metadata().params().get("n").type());
    }

    @Test
    void parse_unknownFrontMatterKeys_goToExtra() {
        Runbook rb = RunbookFormat.parse("---\nowner: ops\ntags: [a, b]\n---\n");

        assertEquals("ops", rb.metadata().extra().get("owner"));
        assertEquals(List.of("a", "b"), rb.metadata().extra().get("tags"));
    }

    @Test
    void parse_duplicateYamlKey_isMalformedFrontMatter() {
        Runbook rb = RunbookFormat.parse("---\ntitle: a\ntitle: b\n---\n");

        assertEquals(1, rb.problems().size());
        assertEquals(Problem.Severity.ERROR, rb.problems().getFirst().severity());
        assertNull(rb.title());
    }

    @Test
    void parse_frontMatterNotAMapping_isAProblem() {
        Runbook rb = RunbookFormat.parse("---\n- a\n- b\n---\n");

        assertEquals(
                List.of(Problem.error(2, "front matter must be a YAML mapping (key: value lines)")), rb.problems());
    }

    @Test
    void parse_unclosedFrontMatter_isAllProseSoNothingRuns() {
        String text = "---\nrequires: [admin]\n\n```sh\nreboot\n```\n";

        Runbook rb = RunbookFormat.parse(text);

        assertEquals(List.of(new ProseCell(text)), rb.cells());
        assertEquals("", rb.frontMatter());
        assertEquals(1, rb.problems().getFirst().line());
        assertEquals(Problem.Severity.ERROR, rb.problems().getFirst().severity());
    }

    @Test
    void parse_thematicBreakLaterInFile_isNotFrontMatter() {
        Runbook rb = RunbookFormat.parse("text\n---\n");

        assertEquals("", rb.frontMatter());
        assertEquals(List.of(), rb.problems());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "\n",
                "\r",
                "\r\n",
                "\r\r\n\n",
                "\u0000",
                "a\u0000b\n```sh\n\u0000\n```",
                "```sh\n```",
                "```sh",
                "---",
                "---\n",
                "---\n---",
                "\uFEFF---\na: 1\n---\n",
                "\t```sh\n\tx\n\t```\n",
                " ```sh\r ls\r ```\r",
                "- ```sh\n  x\n  ```\n",
                "> ```sh\n```\n",
                "```sh\n```\n```sh\n```\n"
            })
    void write_parsedText_givesTheSameText(String text) {
        assertEquals(text, RunbookFormat.write(RunbookFormat.parse(text)));
    }

    @Test
    void parse_loneCarriageReturns_areLineEndings() {
        Runbook rb = RunbookFormat.parse("intro\r```bash\rls\r```\rafter");

        CodeCell cell = rb.codeCells().getFirst();
        assertEquals("```bash\r", cell.openingFence());
        assertEquals("ls\r", cell.code());
        assertEquals("```\r", cell.closingFence());
        assertEquals(2, cell.line());
    }

    /**
     * Found by RoundTripPropertyTest (seed -8029802732214173597): a body line ending in a lone CR, then a line
     * holding only the fence's indentation. Taking the indentation off left "\r" + "\n", which reads as one
     * line break: the cell lost its empty last line.
     */
    @Test
    void parse_loneCarriageReturnBeforeIndentOnlyLine_keepsBothLines() {
        CodeCell cell =
                RunbookFormat.parse(" ~~~sh\n```\n```\r \n~~~").codeCells().getFirst();

        assertEquals(3, cell.code().split("\\R", -1).length - 1, cell.code());
        assertEquals("```\n```\n\n", cell.code().replace("\r\n", "\n").replace('\r', '\n'));
    }

    @Test
    void parse_nulCharacters_doNotShiftCells() {
        Runbook rb = RunbookFormat.parse("\u0000\n```sh\necho \u0000\n```\n\u0000");

        assertEquals("echo \u0000\n", rb.codeCells().getFirst().code());
        assertEquals(2, rb.codeCells().getFirst().line());
    }

    @Test
    void parse_unterminatedFence_isProseAndAnError() {
        Runbook rb = RunbookFormat.parse("# t\n\n```sh {#x}\nrm -rf /\n");

        assertEquals(List.of(), rb.codeCells());
        assertEquals(List.of(new ProseCell("# t\n\n```sh {#x}\nrm -rf /\n")), rb.cells());
        assertEquals(Problem.Severity.ERROR, rb.problems().getFirst().severity());
        assertEquals(3, rb.problems().getFirst().line());
        assertTrue(rb.problems().getFirst().message().contains("unterminated code fence"));
    }

    @Test
    void parse_consecutiveProse_isOneCell() {
        Runbook rb = RunbookFormat.parse("# a\n\n- list\n\n```ruby\nx\n```\n\n> quote\n```sh\nls\n```\n");

        assertEquals(2, rb.cells().size());
        assertInstanceOf(ProseCell.class, rb.cells().get(0));
        assertInstanceOf(CodeCell.class, rb.cells().get(1));
    }

    @Test
    void parse_cellsWithoutId_countAmongCodeCellsOnly() {
        Runbook rb =
                RunbookFormat.parse("p\n```sh\na\n```\np\n```text\nt\n```\n```sh {#named}\nb\n```\n```sh\nc\n```\n");

        assertEquals(
                List.of("cell-1", "named", "cell-3"),
                rb.codeCells().stream().map(CodeCell::id).toList());
        assertFalse(rb.codeCells().getFirst().explicitId());
    }

    @Test
    void parse_explicitIdThatLooksImplicit_keepsIdsUnique() {
        Runbook rb = RunbookFormat.parse("```sh {#cell-2}\na\n```\n```sh\nb\n```\n");

        assertEquals(
                List.of("cell-2", "cell-2-2"),
                rb.codeCells().stream().map(CodeCell::id).toList());
    }

    @Test
    void parse_attributeSyntaxSlip_isAWarningAndTheCellStillParses() {
        Runbook rb = RunbookFormat.parse("```sh {#a user=\"unclosed}\nls\n```\n");

        assertEquals("a", rb.codeCells().getFirst().id());
        assertTrue(
                rb.problems().stream().allMatch(p -> p.severity() == Problem.Severity.WARNING && p.line() == 1),
                rb.problems().toString());
        assertFalse(rb.problems().isEmpty());
    }
}
