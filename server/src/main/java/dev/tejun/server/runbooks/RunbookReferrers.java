package dev.tejun.server.runbooks;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.alert.Rule;
import dev.tejun.kernel.alert.RuleFiles;
import dev.tejun.kernel.flow.def.FlowFiles;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.folder.RunbookFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What refers to a runbook by its name, so renaming, moving or deleting it would break them: schedules made through
 * the API, flow nodes (a runbook node or a for-each over hosts) and alert rules whose target it is. A schedule
 * declared in the runbook's own front matter moves with the file and is not a referrer.
 */
public final class RunbookReferrers {

    private final RunbookFolder folder;
    private final Database db;

    public RunbookReferrers(RunbookFolder folder, Database db) {
        this.folder = folder;
        this.db = db;
    }

    /** Each referrer of {@code runbook} in words ("schedule 3", "flow f.flow.yaml node patch", "alert rule r1"). */
    public List<String> of(String runbook) throws IOException {
        List<String> out = new ArrayList<>(schedules(runbook));
        for (String name : flows()) {
            out.addAll(flowNodes(name, runbook));
        }
        for (Rule rule : RuleFiles.load(folder).rules()) {
            if (rule.target().name().equals(runbook)) {
                out.add("alert rule " + rule.id());
            }
        }
        return out;
    }

    /** The folder's flow files, as {@link RunbookFolder#list()} finds runbooks (hidden and build folders left out). */
    private List<String> flows() throws IOException {
        Path root = folder.root();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(RunbookFolder.FLOW_SUFFIX))
                    .filter(n -> !n.matches("(^|.*/)(\\.[^/]*|target|node_modules)/.*"))
                    .sorted()
                    .toList();
        }
    }

    private List<String> flowNodes(String flow, String runbook) {
        FlowFiles.Loaded loaded;
        try {
            loaded = FlowFiles.load(folder, flow);
        } catch (RuntimeException e) {
            return List.of(); // a flow that does not read names no runbook
        }
        List<String> out = new ArrayList<>();
        if (loaded.definition() == null) {
            return out;
        }
        for (Node node : loaded.definition().nodes()) {
            String target = switch (node) {
                case Node.RunbookNode r -> r.runbook();
                case Node.ForEachNode f -> f.runbook();
                default -> null;
            };
            if (runbook.equals(target)) {
                out.add("flow " + flow + " node " + node.id());
            }
        }
        return out;
    }

    private List<String> schedules(String runbook) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT id FROM sched_schedules WHERE target = ? ORDER BY id")) {
                ps.setString(1, runbook);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add("schedule " + rs.getLong(1));
                    }
                }
            }
            return out;
        });
    }
}
