package dev.tejun.kernel.exec.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The kernels installed on this machine, found where Jupyter looks ({@code JUPYTER_PATH}, then the system's
 * {@code /usr/local/share/jupyter} and {@code /usr/share/jupyter}), the first folder holding a name winning. A
 * user's own {@code ~/.local/share/jupyter} is not read: the server's user is not the cell user, and a kernel the
 * cell user cannot read would not start.
 */
final class KernelSpecs {

    /** What {@code python} cells run when no spec named {@value} is installed but Debian's ipykernel is. */
    static final String DEFAULT_PYTHON = "python3";

    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    private final Map<String, KernelSpec> byName;

    KernelSpecs(Map<String, KernelSpec> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    /** The specs under the folders Jupyter searches, per {@code env}'s {@code JUPYTER_PATH}. */
    static KernelSpecs installed(Map<String, String> env) {
        List<Path> roots = new ArrayList<>();
        String path = env.get("JUPYTER_PATH");
        if (path != null && !path.isBlank()) {
            for (String p : path.split(":")) {
                if (!p.isBlank()) {
                    roots.add(Path.of(p));
                }
            }
        }
        roots.add(Path.of("/usr/local/share/jupyter"));
        roots.add(Path.of("/usr/share/jupyter"));
        return in(roots);
    }

    /** The specs in {@code ROOT/kernels/NAME/kernel.json} of each root, earlier roots first. */
    static KernelSpecs in(List<Path> roots) {
        Map<String, KernelSpec> found = new TreeMap<>();
        for (Path root : roots) {
            Path kernels = root.resolve("kernels");
            if (!Files.isDirectory(kernels)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(kernels)) {
                for (Path dir : dirs.sorted().toList()) {
                    String name = dir.getFileName().toString();
                    if (!found.containsKey(name)) {
                        read(name, dir).ifPresent(spec -> found.put(name, spec));
                    }
                }
            } catch (IOException e) {
                // an unreadable folder holds no kernel we could start
            }
        }
        if (!found.containsKey(DEFAULT_PYTHON) && Files.isExecutable(SYSTEM_PYTHON)) {
            found.put(
                    DEFAULT_PYTHON,
                    new KernelSpec(
                            DEFAULT_PYTHON,
                            List.of(SYSTEM_PYTHON.toString(), "-m", "ipykernel_launcher", "-f", "{connection_file}"),
                            "Python 3 (ipykernel)",
                            "python",
                            "signal",
                            Map.of(),
                            null));
        }
        return new KernelSpecs(found);
    }

    private static Optional<KernelSpec> read(String name, Path dir) {
        Path file = dir.resolve("kernel.json");
        try {
            JsonNode json = Json.MAPPER.readTree(file.toFile());
            List<String> argv = new ArrayList<>();
            json.path("argv").forEach(a -> argv.add(a.asText()));
            if (argv.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> env = new LinkedHashMap<>();
            json.path("env")
                    .properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new KernelSpec(
                    name,
                    argv,
                    json.path("display_name").asText(name),
                    json.path("language").asText(""),
                    json.path("interrupt_mode").asText("signal"),
                    env,
                    dir));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Optional<KernelSpec> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names, sorted. */
    List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
