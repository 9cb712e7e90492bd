package dev.tejun.kernel.flow;

import dev.tejun.kernel.Json;
import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The preview of what follows a flow's hold point (issue 23): made when a pause node starts waiting, on a virtual
 * thread (its runbooks' preview runs take a moment), and kept as evidence beside the runs, in
 * {@code evidence/holds/INSTANCE/NODE.json}, so the approver sees exactly what approving lets happen and the record
 * shows what they saw.
 */
final class HoldPreviews {

    private static final System.Logger LOG = System.getLogger(HoldPreviews.class.getName());
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

    /** Starts making the preview of what follows pause {@code nodeId} of instance {@code instanceId}. */
    void reached(String instanceId, String nodeId, FlowDefinition def, FlowValues values, Actor starter) {
        Thread.ofVirtual().name("hold-preview-" + instanceId + "-" + nodeId).start(() -> {
            try {
                FlowPreview p = new FlowPreviewer(engine, previews, windows, starter.user(), starter.via())
                        .after(def, values, nodeId);
                Path file = file(previews.evidence().root(), instanceId, nodeId).orElseThrow();
                Files.createDirectories(file.getParent());
                Path part = file.resolveSibling(file.getFileName() + ".part");
                Files.writeString(part, Json.PRETTY.writeValueAsString(p), StandardCharsets.UTF_8);
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "no preview for hold " + nodeId + " of " + instanceId, e);
            }
        });
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
