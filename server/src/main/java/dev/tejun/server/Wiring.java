package dev.tejun.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.audit.AuditHandler;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.AuthHandler;
import dev.tejun.server.auth.FirstAdmin;
import dev.tejun.server.auth.LocalSignIn;
import dev.tejun.server.auth.LoginThrottle;
import dev.tejun.server.auth.OpenSockets;
import dev.tejun.server.auth.PasswordDirectory;
import dev.tejun.server.auth.RequestAudit;
import dev.tejun.server.auth.RunPolicy;
import dev.tejun.server.auth.SignIns;
import dev.tejun.server.auth.SocketAccess;
import dev.tejun.server.auth.TokenStore;
import dev.tejun.server.auth.TokensHandler;
import dev.tejun.server.auth.UserStore;
import dev.tejun.server.auth.UsersHandler;
import dev.tejun.server.runs.RunIndex;
import dev.tejun.server.runs.RunRecords;
import dev.tejun.server.runs.queue.RunQueue;
import dev.tejun.server.settings.SettingsHandler;
import dev.tejun.server.settings.UserSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The part of the composition root over the server's database that the flows and the runs service need first:
 * sign-in, users, tokens, the audit log, the run policy and the run records, made once per server. The route table
 * points at its handlers; {@link TejunServer} hands the rest down through constructors. Here, not in {@code auth}, so
 * that {@code auth} and {@code audit} depend on no feature package and nothing depends on the wiring.
 */
record Wiring(
        Access access,
        AuthHandler auth,
        UsersHandler users,
        TokensHandler tokens,
        AuditHandler audit,
        RequestAudit requests,
        SocketAccess socket,
        UserStore userStore,
        AuditLog auditLog,
        RunPolicy runPolicy,
        RunRecords executions,
        SettingsHandler settings) {

    /** Over the server's database (its tables migrated when it opened); on a first start makes the {@code admin} user. */
    static Wiring open(
            Database db,
            Path dataDir,
            Path evidenceRoot,
            Clock clock,
            ObjectMapper json,
            String adminPassword,
            PrintStream console,
            ProofKey proofKey,
            HeadExport headExport,
            LocalSignIn localSignIn,
            java.util.function.Function<UserStore, PasswordDirectory> directory)
            throws IOException {
        UserStore users = new UserStore(db, clock);
        TokenStore tokens = new TokenStore(db, clock);
        SignIns signIns = new SignIns(db, clock);
        AuditLog audit = new AuditLog(db, clock, proofKey, headExport);
        FirstAdmin.ensure(users, adminPassword, dataDir, console);
        Access access = new Access(users, tokens, signIns, audit);
        LoginThrottle throttle = new LoginThrottle(db, clock);
        RunIndex index = new RunIndex(db, json);
        // Rows still running were left by a server that stopped (or died) during those runs.
        index.interruptRunning(clock.instant());
        RunRecords executions = new RunRecords(audit, index, clock);
        RunQueue queue = new RunQueue(db, json, clock);
        executions.sealInterrupted(evidenceRoot, proofKey, headExport, queue::interruptedHere);
        OpenSockets sockets = new OpenSockets();
        return new Wiring(
                access,
                new AuthHandler(users, signIns, throttle, audit, json, clock, localSignIn, directory.apply(users)),
                new UsersHandler(users, tokens, signIns, throttle, audit, json, sockets),
                new TokensHandler(tokens, audit, json),
                new AuditHandler(audit),
                new RequestAudit(audit),
                new SocketAccess(access, users, sockets),
                users,
                audit,
                new RunPolicy(users::roleNames),
                executions,
                new SettingsHandler(new UserSettings(db), json));
    }
}
