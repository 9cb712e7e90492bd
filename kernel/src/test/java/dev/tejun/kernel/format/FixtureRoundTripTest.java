package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.Runbook;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One fixture file per edge case: each must round-trip byte for byte and yield exactly these cells. */
class FixtureRoundTripTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # fixture                 | code cells as id:language@line              | problems as severity@line
            crlf.md                   | disk:sh@10 cell-2:bash@17                   | -
            tabs.md                   | tabbed:sh@8 cell-2:sh@16                    | -
            no-final-newline.md       | cell-1:sh@3                                 | -
            japanese.md               | disk:bash@8 cell-2:sh@15                    | -
            nested-fences.md          | cell-1:sh@5 cell-2:bash@10 cell-3:sh@14 cell-4:sh@21 top:sh@25 | -
            tilde-fences.md           | tilde:sh@1 cell-2:bash@7                    | -
            long-fence.md             | outer:sh@3 cell-2:sh@12                     | -
            indented-code.md          | indented:sh@9                               | -
            html-block.md             | in-details:sh@17                            | -
            unterminated.md           | ok:sh@1                                     | ERROR@7
            bad-front-matter.md       | cell-1:sh@8                                 | ERROR@3
            unclosed-front-matter.md  | -                                           | ERROR@1
            front-matter-only.md      | -                                           | -
            empty.md                  | -                                           | -
            unknown-language.md       | -                                           | WARNING@13
            quoted-attributes.md      | q:sh@5                                      | -
            duplicate-ids.md          | same:sh@1 cell-2:sh@5 cell-3:sh@9           | ERROR@5
            """)
    void parse_fixture_roundTripsAndFindsCells(String fixture, String expectedCells, String expectedProblems) {
        byte[] bytes = fixture(fixture);
        String text = new String(bytes, StandardCharsets.UTF_8);

        Runbook rb = RunbookFormat.parse(text);

        String written = RunbookFormat.write(rb);
        assertEquals(text, written);
        assertArrayEquals(bytes, written.getBytes(StandardCharsets.UTF_8));
        assertEquals(
                expectedCells == null ? "" : expectedCells,
                rb.codeCells().stream()
                        .map(c -> c.id() + ":" + c.language() + "@" + c.line())
                        .collect(Collectors.joining(" ")));
        assertEquals(
                expectedProblems == null ? "" : expectedProblems,
                rb.problems().stream().map(p -> p.severity() + "@" + p.line()).collect(Collectors.joining(" ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            crlf.md           | disk       | 'df -h /\\r\\necho ${params.env}\\r\\n'
            long-fence.md     | outer      | 'cat <<''EOF''\\n```sh\\necho inner\\n```\\n````\\nEOF\\n'
            tilde-fences.md   | cell-2     | '~~~\\nstill inside: shorter tilde fence\\n'
            indented-code.md  | indented   | 'echo three\\necho two\\n'
            nested-fences.md  | cell-3     | 'echo in a quote\\n'
            nested-fences.md  | cell-4     | 'echo deep\\n'
            tabs.md           | cell-2     | '  nested in the list item\\n'
            japanese.md       | disk       | 'echo "空き容量"\\ndf -h /\\n'
            """)
    void parse_fixture_cellCodeIsTheExactBody(String fixture, String id, String escapedCode) {
        Runbook rb = RunbookFormat.parse(new String(fixture(fixture), StandardCharsets.UTF_8));

        CodeCell cell = rb.codeCell(id).orElseThrow();

        assertEquals(escapedCode.replace("\\r", "\r").replace("\\n", "\n"), cell.code());
    }

    @Test
    void parse_fixtureWithAttributes_readsQuotedValuesAndFlags() {
        CodeCell cell = RunbookFormat.parse(new String(fixture("quoted-attributes.md"), StandardCharsets.UTF_8))
                .codeCell("q")
                .orElseThrow();

        assertEquals(List.of("freeze"), cell.attributes().classes());
        assertEquals("deploy bot", cell.attributes().values().get("user"));
        assertEquals("/srv/my app", cell.attributes().values().get("cwd"));
        assertEquals("${params.dry_run}", cell.attributes().values().get("check"));
        assertEquals("say \"hi\"", cell.attributes().values().get("note"));
        assertEquals("60", cell.attributes().values().get("timeout"));
    }

    @Test
    void parse_badFrontMatterFixture_namesTheYamlLine() {
        Problem problem = RunbookFormat.parse(new String(fixture("bad-front-matter.md"), StandardCharsets.UTF_8))
                .problems()
                .getFirst();

        assertEquals(Problem.Severity.ERROR, problem.severity());
        assertEquals(true, problem.message().startsWith("front matter is not valid YAML"), problem.message());
        assertEquals(false, problem.message().contains("\n"), problem.message());
    }

    static byte[] fixture(String name) {
        try (InputStream in = FixtureRoundTripTest.class.getResourceAsStream("/format/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
