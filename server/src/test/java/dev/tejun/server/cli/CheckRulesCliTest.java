package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun check} and {@code tejun rules check} read {@code rules/*.yaml} with the server's parse. */
class CheckRulesCliTest {

    private static final String GOOD = """
            rules:
              - name: restart
                when: { labels.alertname: ExporterDown }
                run: ok.md
            """;

    /** Line 5: a regex that does not compile; line 7: an unknown key. */
    private static final String BAD = """
            rules:
              - name: fine
                run: ok.md
              - name: broken-regex
                when: { labels.host: { regex: "web-(" } }
                run: ok.md
              - name: typo
                runn: ok.md
            """;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Main main;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(tmp.resolve("ok.md"), "# ok\n\n```sh\necho ok\n```\n");
        Files.createDirectories(tmp.resolve("rules"));
        main = new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()),
                tmp.resolve("home"),
                Map.of());
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void check_folderWithBadRulesFile_failsNamingFileAndLine() throws Exception {
        Files.writeString(tmp.resolve("rules/good.yaml"), GOOD);
        Files.writeString(tmp.resolve("rules/bad.yaml"), BAD);

        assertEquals(1, main.execute(List.of("check", tmp.toString())));

        String p = printed();
        assertTrue(p.contains("ok " + tmp.resolve("rules/good.yaml") + " (1 rule)"), p);
        assertTrue(p.contains("FAIL " + tmp.resolve("rules/bad.yaml")), p);
        assertTrue(p.contains("line 4: error: broken-regex:"), p);
        assertTrue(p.contains("line 7: error: typo: unknown key 'runn'"), p);
    }

    @Test
    void check_folderWithGoodRules_passes() throws Exception {
        Files.writeString(tmp.resolve("rules/good.yaml"), GOOD);

        assertEquals(0, main.execute(List.of("check", tmp.toString())), printed());
        assertTrue(printed().contains("rule restart (rule) at line 2"), printed());
    }

    @Test
    void rulesCheck_badFile_printsFileColonLineAndExits1() throws Exception {
        Path bad = Files.writeString(tmp.resolve("rules/bad.yaml"), BAD);

        assertEquals(1, main.execute(List.of("rules", "check", tmp.toString())));

        String p = printed();
        assertTrue(p.contains(bad + ":4: error: broken-regex:"), p);
        assertTrue(p.contains(bad + ":7: error: typo: unknown key 'runn'"), p);
        assertTrue(p.contains("checked 1 rules files, 1 rules, 3 errors"), p);
    }

    @Test
    void rulesCheck_notYaml_reportsLineOfTheSyntaxError() throws Exception {
        Path bad = Files.writeString(tmp.resolve("rules/broken.yaml"), "rules:\n  - name: x\n    run: [\n");

        assertEquals(1, main.execute(List.of("rules", "check", bad.toString())));

        assertTrue(printed().contains(bad + ":"), printed());
        assertTrue(printed().contains("not valid YAML"), printed());
    }

    @Test
    void rulesCheck_rulesFolderGood_exits0() throws Exception {
        Files.writeString(tmp.resolve("rules/good.yaml"), GOOD);

        assertEquals(
                0, main.execute(List.of("rules", "check", tmp.resolve("rules").toString())), printed());
        assertTrue(printed().contains("checked 1 rules files, 1 rules, 0 errors"), printed());
    }
}
