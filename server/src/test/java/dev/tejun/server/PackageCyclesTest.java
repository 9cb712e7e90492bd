package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No package of the server's or the kernel's main code depends, through any chain, on itself. Dependencies are read
 * from the sources: every {@code dev.tejun.…} name a file uses, imported or written out inline (comments and string
 * literals are left out). A cycle makes two packages one idea in two places; this fails on a new one and names the
 * files that close it.
 *
 * <p>The server's root package is the composition root ({@link TejunServer}, {@code Routes}, {@code Wiring}) beside a
 * few types every handler shares ({@link ApiException}, {@link Json}, {@link RequestBodies}); each of its classes is
 * a node of its own, so the root may use every feature and every feature the shared types, but no feature may use
 * the root's wiring.
 */
class PackageCyclesTest {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern NAME = Pattern.compile("\\b(dev\\.tejun(?:\\.[a-z_][\\w]*)+)\\.([A-Z]\\w*)");
    private static final Pattern COMMENTS_AND_STRINGS =
            Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"", Pattern.DOTALL);

    @Test
    void serverMain_hasNoPackageCycle() throws IOException {
        assertEquals(List.of(), cycles(Path.of("src/main/java"), "dev.tejun.server"));
    }

    /**
     * The kernel's one cycle, {@code flow} ↔ {@code flow.bundle} ({@code HeadlessFlowRun} writes a bundle of the
     * {@code FlowRecord} it ran), goes with the re-cut of the flow packages (issue 14 §7); any other fails.
     */
    @Test
    void kernelMain_hasNoPackageCycleButTheKnownOne() throws IOException {
        List<String> found = cycles(Path.of("../kernel/src/main/java"), "dev.tejun.kernel");
        found.removeIf(c -> c.startsWith("[dev.tejun.kernel.flow, dev.tejun.kernel.flow.bundle]"));
        assertEquals(List.of(), found);
    }

    @Test
    void cycles_twoPackagesUsingEachOther_areFoundWithTheFilesThatCloseIt(@TempDir Path src) throws IOException {
        write(
                src,
                "dev/tejun/server/a/A.java",
                "package dev.tejun.server.a;\nimport dev.tejun.server.b.B;\nclass A {}");
        // written out inline, not imported: still a dependency
        write(src, "dev/tejun/server/b/B.java", "package dev.tejun.server.b;\nclass B { dev.tejun.server.a.A a; }");
        write(
                src,
                "dev/tejun/server/c/C.java",
                "package dev.tejun.server.c;\n// dev.tejun.server.a.A in a comment\n"
                        + "class C { String s = \"dev.tejun.server.a.A\"; dev.tejun.server.b.B b; }");

        List<String> found = cycles(src, "dev.tejun.server");

        assertEquals(1, found.size(), found.toString());
        assertEquals(
                "[dev.tejun.server.a, dev.tejun.server.b]: dev.tejun.server.a -> dev.tejun.server.b (A.java); "
                        + "dev.tejun.server.b -> dev.tejun.server.a (B.java)",
                found.getFirst());
    }

    @Test
    void cycles_featureUsingTheCompositionRoot_isACycle(@TempDir Path src) throws IOException {
        write(
                src,
                "dev/tejun/server/Root.java",
                "package dev.tejun.server;\nimport dev.tejun.server.a.A;\nclass Root {}");
        write(src, "dev/tejun/server/Shared.java", "package dev.tejun.server;\nclass Shared {}");
        write(
                src,
                "dev/tejun/server/a/A.java",
                "package dev.tejun.server.a;\nimport dev.tejun.server.Shared;\nclass A {}");
        assertEquals(List.of(), cycles(src, "dev.tejun.server"));

        write(
                src,
                "dev/tejun/server/b/B.java",
                "package dev.tejun.server.b;\nimport dev.tejun.server.Root;\nclass B {}");
        write(
                src,
                "dev/tejun/server/a/A.java",
                "package dev.tejun.server.a;\nimport dev.tejun.server.b.B;\nclass A {}");
        assertEquals(1, cycles(src, "dev.tejun.server").size());
    }

    /** Each cycle (a strongly connected set of nodes) as its sorted nodes and the edges inside it, with a file each. */
    static List<String> cycles(Path sources, String base) throws IOException {
        Map<String, Map<String, String>> edges = graph(sources, base);
        List<String> out = new ArrayList<>();
        for (Set<String> component : new Tarjan(edges).components()) {
            if (component.size() < 2) {
                continue;
            }
            List<String> inside = new ArrayList<>();
            for (String from : component) {
                edges.getOrDefault(from, Map.of()).forEach((to, file) -> {
                    if (component.contains(to)) {
                        inside.add(from + " -> " + to + " (" + file + ")");
                    }
                });
            }
            inside.sort(null);
            out.add(component + ": " + String.join("; ", inside));
        }
        out.sort(null);
        return out;
    }

    /** Node → node it uses → one file that does. A node is a package, or in the {@code base} package one class. */
    private static Map<String, Map<String, String>> graph(Path sources, String base) throws IOException {
        Map<String, Map<String, String>> edges = new TreeMap<>();
        Map<String, String> rootSources = new HashMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code =
                        COMMENTS_AND_STRINGS.matcher(Files.readString(file)).replaceAll(" ");
                Matcher p = PACKAGE.matcher(code);
                if (!p.find()) {
                    continue;
                }
                String cls = file.getFileName().toString().replace(".java", "");
                String from = node(p.group(1), cls, base);
                if (p.group(1).equals(base)) {
                    rootSources.put(cls, code);
                }
                Matcher m = NAME.matcher(code);
                while (m.find()) {
                    String pkg = m.group(1);
                    if (pkg.equals(base) || pkg.startsWith(base + ".")) {
                        String to = node(pkg, m.group(2), base);
                        if (!to.equals(from) && !pkg.equals(p.group(1))) {
                            edges.computeIfAbsent(from, k -> new TreeMap<>())
                                    .putIfAbsent(to, file.getFileName().toString());
                        }
                    }
                }
            }
        }
        // Classes of the root package use each other without imports: a use of the simple name is an edge.
        rootSources.forEach((cls, code) -> rootSources.keySet().stream()
                .filter(other -> !other.equals(cls)
                        && Pattern.compile("\\b" + other + "\\b").matcher(code).find())
                .forEach(other -> edges.computeIfAbsent(base + "." + cls, k -> new TreeMap<>())
                        .putIfAbsent(base + "." + other, cls + ".java")));
        return edges;
    }

    private static String node(String pkg, String cls, String base) {
        return pkg.equals(base) ? base + "." + cls : pkg;
    }

    private static void write(Path root, String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Tarjan's strongly connected components; package graphs are small enough to recurse. */
    private static final class Tarjan {
        private final Map<String, Map<String, String>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, Map<String, String>> edges) {
            this.edges = edges;
        }

        List<Set<String>> components() {
            Set<String> nodes = new TreeSet<>(edges.keySet());
            edges.values().forEach(m -> nodes.addAll(m.keySet()));
            for (String n : nodes) {
                if (!index.containsKey(n)) {
                    visit(n);
                }
            }
            return components;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                components.add(component);
            }
        }
    }
}
