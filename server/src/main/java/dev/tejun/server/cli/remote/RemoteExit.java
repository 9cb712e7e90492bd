package dev.tejun.server.cli.remote;

import dev.tejun.kernel.run.HeadlessRun;

/**
 * Exit codes of the remote commands: those of a local run, plus one for "the server could not be asked at all",
 * so a CI job can tell a failed runbook from a wrong URL, a revoked token or a missing role.
 */
public final class RemoteExit {

    public static final int OK = HeadlessRun.OK;
    /** A cell failed, the run was stopped or timed out. */
    public static final int CELL_FAILED = HeadlessRun.CELL_FAILED;
    /** Bad input: usage, unknown runbook or run, params that do not fit (HTTP 400, 404). */
    public static final int USAGE = HeadlessRun.USAGE;
    /**
     * The server cannot be reached, or refused the caller: bad or missing token (401), missing role (403). Not 3,
     * which a flow run uses for "waiting for an approval": a CI job must tell those apart by the code alone.
     */
    public static final int UNREACHABLE = 4;

    private RemoteExit() {}

    /** The exit code of a run that ended with this (lower-case) status. */
    public static int ofStatus(String status) {
        return "ok".equals(status) ? OK : CELL_FAILED;
    }
}
