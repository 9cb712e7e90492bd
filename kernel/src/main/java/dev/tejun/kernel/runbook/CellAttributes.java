package dev.tejun.kernel.runbook;

import static dev.tejun.kernel.runbook.AttributeSchema.Attribute.choice;
import static dev.tejun.kernel.runbook.AttributeSchema.Attribute.of;
import static dev.tejun.kernel.runbook.AttributeSchema.Type.BOOLEAN;
import static dev.tejun.kernel.runbook.AttributeSchema.Type.DURATION;
import static dev.tejun.kernel.runbook.AttributeSchema.Type.INTEGER;
import static dev.tejun.kernel.runbook.AttributeSchema.Type.TEXT;

import dev.tejun.kernel.runbook.AttributeSchema.Attribute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The attribute schema of every executor, keyed by cell language: what each one reads, and nothing it does not.
 * {@code tejun check}, the notebook's attribute editor and a run (which refuses a cell whose attributes are wrong
 * before anything of it runs) all read these.
 */
public final class CellAttributes {

    /** What every cell takes: the run reads them whatever the language. */
    private static final List<Attribute> EVERY_CELL = List.of(
            of("timeout", DURATION),
            of("continue-on-error", BOOLEAN),
            of("once", BOOLEAN),
            of("locks", TEXT),
            of("freeze", BOOLEAN));
    /**
     * Keys a cell may not carry, with the reason: each would promise what no executor does, so a cell naming one is
     * an error in {@code tejun check} and refused by a run, never run as if it were not there.
     */
    private static final Map<String, String> REFUSED = Map.of(
            "user",
            "user= is not supported: every cell runs as the server's cell account (in its sandbox), never as another"
                    + " user; run the command as that user inside the cell (sudo -u NAME …), or on an ansible cell"
                    + " with become=true become-user=NAME");
    /** One stream for stdout and stderr, in the order written, or two ({@code CellSettings.mergedStreams}). */
    private static final Attribute STREAMS = choice("streams", "merged", "separate");
    /** What a cell that starts processes of its own takes ({@code CellSandbox}). */
    private static final Attribute ENV = of("env", TEXT);
    /** A run over CMDB hosts a batch at a time ({@code exec.remote.Batches}). */
    private static final List<Attribute> ROLLOUT = List.of(
            of("hosts", TEXT),
            of("operation", TEXT),
            of("batch", TEXT),
            of("max-fail", TEXT),
            of("pause-between", DURATION),
            of("approve-after-first-batch", BOOLEAN),
            choice("host-key-policy", "strict", "accept-new"));
    /** An ssh connection to each host in parallel. */
    private static final List<Attribute> SSH = List.of(
            of("parallel", INTEGER),
            of("allow-failures", INTEGER),
            of("connect-timeout", DURATION),
            of("command-timeout", DURATION));

    private static final Map<String, AttributeSchema> BY_LANGUAGE = table();
    private static final Set<String> EVERY_KEY = everyKey();

    private CellAttributes() {}

    private static Map<String, AttributeSchema> table() {
        Map<String, AttributeSchema> t = new LinkedHashMap<>();
        AttributeSchema shell = AttributeSchema.of(
                String.join("/", Languages.SHELL.stream().sorted().toList()),
                EVERY_CELL,
                List.of(of("cwd", TEXT), of("pty", BOOLEAN), STREAMS, ENV));
        Languages.SHELL.forEach(l -> t.put(l, shell));
        t.put("java", AttributeSchema.of("java", EVERY_CELL, List.of()));
        t.put(
                "ssh",
                AttributeSchema.of(
                        "ssh",
                        EVERY_CELL,
                        join(
                                ROLLOUT,
                                SSH,
                                List.of(
                                        of("approver", TEXT),
                                        STREAMS,
                                        of("into", TEXT),
                                        of("parse", TEXT),
                                        of("pattern", TEXT)))));
        t.put(
                "ansible",
                AttributeSchema.of(
                        "ansible",
                        EVERY_CELL,
                        join(
                                ROLLOUT,
                                List.of(
                                        of("check", BOOLEAN),
                                        of("limit", TEXT),
                                        of("tags", TEXT),
                                        of("skip-tags", TEXT),
                                        of("forks", INTEGER),
                                        of("playbook", TEXT),
                                        of("dir", TEXT),
                                        of("connection", TEXT),
                                        of("group-vars-from", TEXT),
                                        choice("var-check", "refuse", "warn", "off"),
                                        of("vault-password", TEXT),
                                        of("become", BOOLEAN),
                                        of("become-user", TEXT),
                                        of("become-password", TEXT),
                                        of("diff", BOOLEAN),
                                        choice("verbose", "0", "1", "2", "3", "4"),
                                        of("into", TEXT),
                                        STREAMS,
                                        ENV))));
        t.put(
                "terraform",
                AttributeSchema.of(
                        "terraform",
                        EVERY_CELL,
                        List.of(
                                of("apply", BOOLEAN),
                                of("dir", TEXT),
                                of("vars-from", TEXT),
                                of("workspace", TEXT),
                                ENV)));
        t.put(
                "cmdb",
                AttributeSchema.of(
                        "cmdb",
                        EVERY_CELL,
                        List.of(of("as-of", TEXT), of("limit", INTEGER), of("operation", TEXT), of("into", TEXT))));
        t.put("flow", AttributeSchema.of("flow", EVERY_CELL, List.of(of("flow", TEXT))));
        t.put("pause", AttributeSchema.of("pause", EVERY_CELL, List.of(of("approver", TEXT), of("preview", BOOLEAN))));
        AttributeSchema jupyter = AttributeSchema.of("python/jupyter", EVERY_CELL, List.of(of("kernel", TEXT), ENV));
        t.put("python", jupyter);
        t.put("jupyter", jupyter);
        t.put(
                "collect",
                AttributeSchema.of(
                        "collect",
                        EVERY_CELL,
                        join(ROLLOUT, SSH, List.of(of("into", TEXT), of("parse", TEXT), of("pattern", TEXT)))));
        t.put(
                "dialog",
                AttributeSchema.of(
                        "dialog",
                        EVERY_CELL,
                        join(
                                ROLLOUT,
                                SSH,
                                List.of(
                                        of("approver", TEXT),
                                        choice("transport", "ssh", "telnet"),
                                        of("telnet-port", INTEGER),
                                        of("step-timeout", DURATION),
                                        of("into", TEXT)))));
        return t;
    }

    @SafeVarargs
    private static List<Attribute> join(List<Attribute>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    private static Set<String> everyKey() {
        Set<String> keys = new LinkedHashSet<>();
        BY_LANGUAGE.values().forEach(s -> keys.addAll(s.attributes().keySet()));
        return Set.copyOf(keys);
    }

    /** The schema of {@code language}'s executor, or empty for a language that is no cell. */
    public static Optional<AttributeSchema> forLanguage(String language) {
        return Optional.ofNullable(BY_LANGUAGE.get(language));
    }

    /** Every attribute key some executor takes. */
    public static Set<String> keys() {
        return EVERY_KEY;
    }

    /** The problems of {@code cell}'s attributes ({@link AttributeSchema#problems}), and any refused key. */
    public static List<Problem> problems(CodeCell cell) {
        Optional<AttributeSchema> schema = forLanguage(cell.language());
        if (schema.isEmpty()) {
            return List.of();
        }
        List<Problem> out = new ArrayList<>();
        for (String key : cell.attributes().values().keySet()) {
            if (REFUSED.containsKey(key)) {
                out.add(Problem.error(cell.line(), "cell " + cell.id() + ": " + REFUSED.get(key)));
            }
        }
        out.addAll(schema.get().problems(cell, EVERY_KEY, REFUSED.keySet()));
        return out;
    }
}
