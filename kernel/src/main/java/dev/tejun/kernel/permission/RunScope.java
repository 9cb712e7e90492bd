package dev.tejun.kernel.permission;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowParser;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Metadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run of a runbook or flow would execute: the file itself and, for a flow, the runbooks of its nodes
 * and the flows it calls, all the way down. A flow is only as safe as the runbooks it runs, so both the role check
 * of a start and the content pin of an activated schedule look at every one of these files.
 */
public final class RunScope {

    /** One file of the scope, with its text (null when it cannot be read) and what its front matter requires. */
    public record File(String name, String text, List<String> requires) {}

    private RunScope() {}

    /** The files of a run of {@code name}, the target first; each at most once, so a loop cannot hang. */
    public static List<File> of(RunbookFolder folder, String name) {
        Map<String, File> seen = new LinkedHashMap<>();
        List<String> todo = new ArrayList<>(List.of(name));
        while (!todo.isEmpty()) {
            String next = todo.removeFirst();
            if (seen.containsKey(next)) {
                continue;
            }
            String text = read(folder, next);
            if (next.endsWith(FlowDefinition.SUFFIX)) {
                FlowDefinition def =
                        text == null ? null : FlowParser.parse(next, text).definition();
                seen.put(
                        next,
                        new File(
                                next,
                                text,
                                def == null ? List.of() : def.metadata().requires()));
                if (def != null) {
                    for (Node n : def.nodes()) {
                        switch (n) {
                            case Node.RunbookNode r -> todo.add(r.runbook());
                            case Node.CallNode c -> todo.add(c.flow());
                            default -> {}
                        }
                    }
                }
            } else {
                Metadata md = text == null
                        ? Metadata.EMPTY
                        : RunbookFormat.parse(text).metadata();
                seen.put(next, new File(next, text, md.requires()));
            }
        }
        return List.copyOf(seen.values());
    }

    /**
     * Null when {@code held} may run every file of the scope (operator and all roles each one requires); else why
     * not, naming the first file that refuses.
     */
    public static String runRefusal(RunbookFolder folder, String name, Collection<String> held) {
        for (File f : of(folder, name)) {
            String why = Policy.runRefusal(held, f.name(), f.requires());
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /**
     * SHA-256 over the names and texts of the scope, after those of {@code alsoFiles} (e.g. the alert rule file that
     * starts the run): changes when any file a run would execute, or that decides it runs, changes.
     */
    public static String hash(RunbookFolder folder, String name, String... alsoFiles) {
        List<File> files = new ArrayList<>();
        for (String also : alsoFiles) {
            files.add(new File(also, read(folder, also), List.of()));
        }
        files.addAll(of(folder, name));
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (File f : files) {
                byte[] n = f.name().getBytes(StandardCharsets.UTF_8);
                byte[] t = f.text() == null ? new byte[0] : f.text().getBytes(StandardCharsets.UTF_8);
                // length-prefixed, so no choice of names and texts can make two scopes hash alike
                md.update((n.length + ":" + (f.text() == null ? -1 : t.length) + ":")
                        .getBytes(StandardCharsets.US_ASCII));
                md.update(n);
                md.update(t);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(RunbookFolder folder, String name) {
        try {
            return new String(folder.read(name), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
