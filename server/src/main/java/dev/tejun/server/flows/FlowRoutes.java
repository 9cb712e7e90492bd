package dev.tejun.server.flows;

/** The flow handlers the route table points at (one field of {@code Routes.Handlers}). */
public record FlowRoutes(
        FlowsHandler flows,
        InstancesHandler instances,
        ApprovalsHandler approvals,
        FlowEvidenceHandler evidence,
        FlowSocket socket) {}
