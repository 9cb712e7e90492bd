package dev.tejun.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.audit.AuditHandler;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.evidence.EvidenceHandler;
import dev.tejun.server.evidence.ExecutionRecorder;
import dev.tejun.server.evidence.RunIndex;
import dev.tejun.server.runs.RunEvidence;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Everything sign-in, roles, audit and evidence need, made once per server from its data folder. The route table
 * points at its handlers; the session socket uses {@link #socket()}.
 */
public record Trust(Access access, AuthHandler auth, UsersHandler users, TokensHandler tokens, AuditHandler audit,
                    EvidenceHandler evidence, RequestAudit requests, SocketAccess socket, UserStore userStore,
                    AuditLog auditLog, ExecutionRecorder executions, RunIndex runIndex) {

    /** Over the server's database (migrating its tables); on a first start makes the {@code admin} user. */
    public static Trust open(Database db, Path dataDir, Path evidenceRoot, Clock clock, ObjectMapper json,
                             String adminPassword, PrintStream console, ProofKey proofKey, HeadExport headExport)
            throws IOException {
        UserStore users = new UserStore(db, clock);
        TokenStore tokens = new TokenStore(db, clock);
        SignIns signIns = new SignIns(clock);
        AuditLog audit = new AuditLog(db, clock, proofKey, headExport);
        FirstAdmin.ensure(users, adminPassword, dataDir, console);
        Access access = new Access(users, tokens, signIns, audit);
        LoginThrottle throttle = new LoginThrottle(clock);
        RunIndex index = new RunIndex(db, json);
        // Rows still running were left by a server that stopped (or died) during those runs.
        index.interruptRunning(clock.instant());
        ExecutionRecorder executions = new ExecutionRecorder(audit, index, clock);
        executions.sealInterrupted(evidenceRoot, proofKey, headExport);
        OpenSockets sockets = new OpenSockets();
        return new Trust(access,
                new AuthHandler(users, signIns, throttle, audit, json, clock),
                new UsersHandler(users, tokens, signIns, throttle, audit, json, sockets),
                new TokensHandler(tokens, audit, json),
                new AuditHandler(audit),
                new EvidenceHandler(index, new RunEvidence(evidenceRoot), evidenceRoot),
                new RequestAudit(audit),
                new SocketAccess(access, users, audit, executions, sockets),
                users, audit, executions, index);
    }
}
