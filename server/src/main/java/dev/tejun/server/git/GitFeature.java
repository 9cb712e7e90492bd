package dev.tejun.server.git;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.folder.GitRemote;
import dev.tejun.kernel.folder.GitSaves;
import dev.tejun.kernel.session.CellLimits;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The remote as {@code tejun.yaml} configures it ({@code git.remote.*}, {@code git.webhook.*}), wired for the server;
 * {@code saves} is the one the runbook editor commits through, so pulls and saves take turns.
 */
public record GitFeature(GitSync sync, GitHandler handler) implements AutoCloseable {

    public static GitFeature open(
            Settings settings,
            GitSaves saves,
            Path runbooks,
            CmdbStore cmdb,
            Path dataDir,
            AuditLog audit,
            Clock clock,
            ObjectMapper json)
            throws ConfigError {
        String url = settings.text(Key.GIT_REMOTE_URL);
        GitRemote.Target target =
                url.isEmpty() ? null : new GitRemote.Target(url, settings.text(Key.GIT_REMOTE_BRANCH));
        GitSaves.Policy policy = settings.gitSaves();
        Path workTree = policy.repository() != null ? policy.repository() : runbooks;
        GitSync sync = new GitSync(
                target,
                settings.text(Key.GIT_REMOTE_CREDENTIAL),
                saves,
                new ChangedFiles(workTree, runbooks),
                cmdb,
                SshExecutorFactory.knownHosts(dataDir),
                audit,
                clock);
        String every = settings.text(Key.GIT_REMOTE_PULL_EVERY);
        if (!every.isEmpty()) {
            sync.schedule(CellLimits.duration(every));
        }
        GitHandler handler = new GitHandler(
                sync,
                settings.secret(Key.GIT_WEBHOOK_SECRET, Key.GIT_WEBHOOK_SECRET_FILE),
                new WebhookRefusals(audit, clock),
                json);
        return new GitFeature(sync, handler);
    }

    @Override
    public void close() {
        sync.close();
    }
}
