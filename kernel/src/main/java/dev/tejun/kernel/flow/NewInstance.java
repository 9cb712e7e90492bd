package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.session.Params;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The first record of a new instance: a fresh id, the params resolved against the flow's, every node pending. */
final class NewInstance {

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private NewInstance() {}

    /** {@code parentId}, {@code parentNode}: the call node that started it, or null for a flow started by a user. */
    static FlowInstance of(
            FlowDefinition def,
            String flow,
            Map<String, String> params,
            String user,
            String via,
            Instant now,
            String parentId,
            String parentNode) {
        Map<String, String> resolved = Params.resolve(def.metadata(), params);
        List<NodeState> nodes = def.nodes().stream()
                .map(n -> NodeState.pending(n.id(), n.type()))
                .toList();
        return new FlowInstance(
                newId(now),
                flow,
                def.title(),
                resolved,
                def.secretParams(),
                FlowStatus.RUNNING,
                user,
                via,
                now,
                null,
                parentId,
                parentNode,
                null,
                null,
                nodes);
    }

    private static String newId(Instant now) {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return "flow-" + ID_TIME.format(now) + "-" + HexFormat.of().formatHex(random);
    }
}
