package dev.tejun.kernel.flow;

import dev.tejun.kernel.folder.Releases;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.permission.Policy;
import dev.tejun.kernel.permission.RunScope;
import dev.tejun.kernel.session.RunbookFile;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The flow engine's role checks, by the permission {@link Policy}, with the starter's roles found by the server's
 * {@link FlowEngine.RoleLookup}. Two checks, both needed:
 * <ul>
 *   <li>at start, every runbook the flow would run (its nodes and the flows it calls, all the way down), so a
 *       flow the starter may not run as a whole is refused before anything ran;</li>
 *   <li>per node, just before a runbook node runs, both the text the instance accepted (the one it runs) and that
 *       runbook as the file is then, so a {@code requires:} added while the instance waited (at a pause, or before
 *       a resume) still holds.</li>
 * </ul>
 * Without a lookup (a local {@code tejun run}, which is the OS user anyway) nothing is checked.
 */
final class FlowPermissions {

    private final RunbookFolder folder;
    private volatile FlowEngine.RoleLookup lookup;

    FlowPermissions(RunbookFolder folder) {
        this.folder = folder;
    }

    void use(FlowEngine.RoleLookup lookup) {
        this.lookup = lookup;
    }

    /** Throws {@link FlowEngine.NotAllowed} unless {@code user} may run every runbook of {@code flow}. */
    void checkStart(String flow, String user, String via) {
        FlowEngine.RoleLookup l = lookup;
        if (l == null) {
            return;
        }
        String why = RunScope.runRefusal(folder, flow, l.rolesOf(user, via));
        if (why != null) {
            throw new FlowEngine.NotAllowed(user + " may not start " + flow + ": " + why);
        }
    }

    /**
     * Null when {@code starter} may run {@code file} (its pinned text and the file as it is now); else why not. A
     * protected runbook ({@code release: reviewed}) runs in a flow only as committed on the release branch
     * ({@link Releases}).
     */
    String nodeRefusal(String starter, String via, RunbookFile file) {
        String runbook = file.name();
        String unreleased;
        byte[] text = null;
        try {
            text = file.read();
            unreleased = folder.releases().refusal(file.path(), runbook, text);
        } catch (IOException | RuntimeException e) {
            unreleased = null; // a file that cannot be read fails its run with its own message
        }
        if (unreleased != null) {
            return "refused: " + unreleased;
        }
        FlowEngine.RoleLookup l = lookup;
        if (l == null) {
            return null;
        }
        Set<String> roles = l.rolesOf(starter, via);
        // both the text the instance accepted and the file as it is now: a requires: added while the instance
        // waited holds even though the node runs the accepted text
        List<RunScope.File> files = RunScope.of(folder, runbook);
        String why = Policy.runRefusal(
                roles, runbook, files.isEmpty() ? List.of() : files.getFirst().requires());
        if (why == null && text != null && file.pinned() != null) {
            why = Policy.runRefusal(
                    roles,
                    runbook,
                    RunbookFormat.parse(file.pinned()).metadata().requires());
        }
        return why == null ? null : "refused: the starter " + starter + " may not run " + runbook + ": " + why;
    }
}
