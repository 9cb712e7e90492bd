package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.Runbook;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FenceEditsTest {

    private static final String FILE = "# T\n\n```sh {#disk timeout=60 .pty}\ndf -h /\n```\n\nText.\n";

    @Test
    void withAttributes_changesOnlyTheOpeningFence() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("continue-on-error", "true");
        values.put("timeout", "90");
        values.put("env", "AWS_PROFILE KUBECONFIG");

        Runbook rb = FenceEdits.withAttributes(RunbookFormat.parse(FILE), 1, "space", values);

        assertEquals(
                FILE.replace(
                        "```sh {#disk timeout=60 .pty}",
                        "```sh {#space .pty timeout=90 continue-on-error=true env=\"AWS_PROFILE KUBECONFIG\"}"),
                RunbookFormat.write(rb));
        assertEquals(
                "AWS_PROFILE KUBECONFIG",
                rb.codeCell("space").orElseThrow().attributes().get("env").orElseThrow());
    }

    @Test
    void withAttributes_nestedCell_keepsItsListPrefix() {
        String file = "1. Step\n\n   ```sh\n   one\n   ```\n";

        Runbook rb = FenceEdits.withAttributes(RunbookFormat.parse(file), 1, null, Map.of("timeout", "5"));

        assertEquals("1. Step\n\n   ```sh {timeout=5}\n   one\n   ```\n", RunbookFormat.write(rb));
    }

    @Test
    void withAttributes_referenceAndQuotes_readBackAsWritten() {
        Map<String, String> values = Map.of("cwd", "${params.dir}", "env", "a \"b\" C:\\x");

        for (var e : values.entrySet()) {
            Runbook rb =
                    FenceEdits.withAttributes(RunbookFormat.parse(FILE), 1, "disk", Map.of(e.getKey(), e.getValue()));
            assertEquals(
                    e.getValue(),
                    rb.codeCell("disk")
                            .orElseThrow()
                            .attributes()
                            .get(e.getKey())
                            .orElseThrow());
        }
    }

    @Test
    void withAttributes_anotherExecutorsKeyOrIllTypedValue_refusedNamingTheList() {
        Runbook rb = RunbookFormat.parse(FILE);

        IllegalArgumentException hosts = assertThrows(
                IllegalArgumentException.class, () -> FenceEdits.withAttributes(rb, 1, "disk", Map.of("hosts", "web")));
        IllegalArgumentException streams = assertThrows(
                IllegalArgumentException.class,
                () -> FenceEdits.withAttributes(rb, 1, "disk", Map.of("streams", "both")));

        assertTrue(hosts.getMessage().contains("unknown attribute 'hosts': "), hosts.getMessage());
        assertTrue(hosts.getMessage().contains("cells take timeout, "), hosts.getMessage());
        assertEquals("cell disk: streams=both is not one of merged, separate", streams.getMessage());
    }

    @Test
    void withAttributes_unknownKeyOrTakenId_isRefused() {
        String two = FILE + "\n```sh {#other}\nls\n```\n";
        Runbook rb = RunbookFormat.parse(two);

        assertThrows(
                IllegalArgumentException.class, () -> FenceEdits.withAttributes(rb, 1, "disk", Map.of("nope", "1")));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FenceEdits.withAttributes(rb, 1, "other", Map.of()));
        assertTrue(e.getMessage().contains("already"), e.getMessage());
    }

    @Test
    void withFrontMatter_replacesOnlyTheBlock() {
        Runbook rb = RunbookFormat.parse("---\ntitle: Old\n---\n" + FILE);

        Runbook edited = FenceEdits.withFrontMatter(rb, "title: New\nrequires: [operator]");

        assertEquals("---\ntitle: New\nrequires: [operator]\n---\n" + FILE, RunbookFormat.write(edited));
    }

    @Test
    void withFrontMatter_invalidYaml_isRefusedWithCheckError() {
        Runbook rb = RunbookFormat.parse(FILE);

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FenceEdits.withFrontMatter(rb, "params: [unclosed"));
        assertTrue(e.getMessage().contains("YAML"), e.getMessage());
    }
}
