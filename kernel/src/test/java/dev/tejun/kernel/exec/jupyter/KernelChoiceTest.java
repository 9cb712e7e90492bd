package dev.tejun.kernel.exec.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which installed kernel a cell gets: its attribute, the front matter, the default; kernelspecs read from disk. */
class KernelChoiceTest {

    @TempDir
    Path dir;

    KernelSpecs specs;

    @BeforeEach
    void install() throws Exception {
        spec("python3", "python");
        spec("ir", "R");
        Files.createDirectories(dir.resolve("kernels/broken"));
        Files.writeString(dir.resolve("kernels/broken/kernel.json"), "{not json");
        specs = KernelSpecs.in(List.of(dir));
    }

    private void spec(String name, String language) throws Exception {
        Path d = Files.createDirectories(dir.resolve("kernels").resolve(name));
        Files.writeString(
                d.resolve("kernel.json"),
                "{\"argv\": [\"/usr/bin/" + name + "\", \"-f\", \"{connection_file}\"], \"display_name\": \"" + name
                        + "\", \"language\": \"" + language + "\"}");
    }

    private KernelSpec choose(String language, Map<String, String> attributes, String frontMatter) throws Exception {
        Path runbook = Files.writeString(dir.resolve("rb.md"), frontMatter + "# x\n");
        CellRequest request = new CellRequest(
                "r", "c", language, "1", new Attributes(null, List.of(), attributes), dir, null, Map.of());
        return new KernelChoice(specs, new DefaultKernel(runbook)).spec(request);
    }

    @Test
    void specs_brokenKernelJson_isLeftOut() {
        assertEquals(List.of("ir", "python3"), specs.names());
        assertEquals(
                List.of("/usr/bin/ir", "-f", "/tmp/c.json"),
                specs.get("ir").orElseThrow().command(Path.of("/tmp/c.json")));
    }

    @Test
    void spec_pythonCellWithoutKernel_isPython3() throws Exception {
        assertEquals("python3", choose("python", Map.of(), "").name());
    }

    @Test
    void spec_frontMatterNamesAKernelNotInstalled_pythonCellsTakePython3() throws Exception {
        String fm = "---\njupyter:\n  kernelspec: {name: python2, language: python}\n---\n";

        assertEquals("python3", choose("python", Map.of(), fm).name());
    }

    @Test
    void spec_jupyterCell_takesTheFrontMatterKernel() throws Exception {
        assertEquals("ir", choose("jupyter", Map.of(), "---\nkernel: ir\n---\n").name());
    }

    @Test
    void spec_jupyterCellWithoutKernel_isRefusedNamingTheInstalledOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> choose("jupyter", Map.of(), ""));

        assertTrue(e.getMessage().contains("installed: ir, python3"), e.getMessage());
    }

    @Test
    void spec_pythonCellNamingAnRKernel_isRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> choose("python", Map.of("kernel", "ir"), ""));

        assertTrue(e.getMessage().contains("```jupyter {kernel=ir}"), e.getMessage());
    }
}
