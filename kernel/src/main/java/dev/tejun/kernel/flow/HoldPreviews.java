package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.state.HoldPreviewRows;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.session.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The preview of what follows a flow's hold point (issue 23): made when a pause node starts waiting, on a virtual
 * thread (its runbooks' preview runs take a moment), and kept in the shared table {@code hold_previews} (any server
 * answers for it) and as evidence beside the runs, in {@code evidence/holds/INSTANCE/NODE.json}, so the approver sees exactly what approving lets happen and the record
 * shows what they saw.
 */
final class HoldPreviews {

    /** Instance and node ids as the engine makes and the flow parser accepts them; anything else is never a path. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final FlowEngine engine;
    private final Session.Services previews;
    private final WouldMeet.Windows windows;

    HoldPreviews(FlowEngine engine, Session.Services previews, WouldMeet.Windows windows) {
        this.engine = engine;
        this.previews = previews;
        this.windows = windows;
    }

    /**
     * Starts making the preview of what follows pause {@code nodeId} of instance {@code instanceId}; until it is
     * kept, {@link #state} says it is being made (or why it never will be).
     */
    void reached(String instanceId, String nodeId, FlowDefinition def, FlowValues values, Actor starter) {
        Optional<Path> file = file(previews.evidence().root(), instanceId, nodeId);
        if (file.isEmpty()) {
            return;
        }
        HoldPreview.make(
                engine.store.holdPreviews(),
                key(instanceId, nodeId),
                file.get(),
                "hold " + nodeId + " of " + instanceId,
                () -> new FlowPreviewer(engine, previews, windows, starter.user(), starter.via())
                        .after(def, values, nodeId));
    }

    /**
     * The preview of hold {@code nodeId} of {@code instanceId}, as {@code rows} say (or, for holds from before them,
     * the files in {@code evidenceRoot}); empty for ids that are no ids.
     */
    static Optional<HoldPreview> state(HoldPreviewRows rows, Path evidenceRoot, String instanceId, String nodeId)
            throws IOException {
        Optional<Path> file = file(evidenceRoot, instanceId, nodeId);
        return file.isEmpty()
                ? Optional.empty()
                : Optional.of(HoldPreview.at(rows, key(instanceId, nodeId), file.get()));
    }

    private static String key(String instanceId, String nodeId) {
        return "flow:" + instanceId + "/" + nodeId;
    }

    /** Where the preview of hold {@code nodeId} of {@code instanceId} is kept; empty for ids that are no ids. */
    static Optional<Path> file(Path evidenceRoot, String instanceId, String nodeId) {
        if (!ID.matcher(instanceId).matches()
                || !ID.matcher(nodeId).matches()
                || instanceId.startsWith(".")
                || nodeId.startsWith(".")) {
            return Optional.empty();
        }
        return Optional.of(evidenceRoot.resolve("holds").resolve(instanceId).resolve(nodeId + ".json"));
    }
}
