package dev.tejun.kernel.exec.jupyter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An installed kernel, as its {@code kernel.json} says.
 *
 * @param name          the folder name, which {@code kernel=NAME} refers to
 * @param argv          the command line; {@code {connection_file}} stands for the connection file's path
 * @param language      the language the kernel runs ({@code python})
 * @param interruptMode {@code signal} or {@code message}; Tejun interrupts through the protocol either way, since a
 *                      signal cannot reach a kernel inside the sandbox's PID namespace
 * @param env           variables the spec sets for the kernel
 * @param dir           the spec's folder ({@code {resource_dir}})
 */
record KernelSpec(
        String name,
        List<String> argv,
        String displayName,
        String language,
        String interruptMode,
        Map<String, String> env,
        Path dir) {

    KernelSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** The command line for a kernel reading {@code connectionFile}. */
    List<String> command(Path connectionFile) {
        return argv.stream()
                .map(a -> a.replace("{connection_file}", connectionFile.toString())
                        .replace("{resource_dir}", dir == null ? "" : dir.toString()))
                .toList();
    }
}
