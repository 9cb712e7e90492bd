package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a shell cell starts. By default in the runbook's own folder, so that {@code ./check.sh} and
 * {@code files/app.conf} beside the runbook work as their authors meant; {@code cwd=} on the cell (or {@code cwd:}
 * in the front matter) names another folder, relative to the runbook's, inside the runbooks folder, and
 * {@code cwd=~} the session's work folder (HOME). The runbook's folder is the cell's to read, never to write: a cell
 * writing there would change runbooks without an editor, a review or an audit entry (see the threat model).
 *
 * @param cwd      where the cell starts
 * @param readOnly the folder outside the work folder the cell must see, read-only, or null when it starts in its
 *                 work folder
 * @param note     why the cell starts in its work folder rather than the runbook's (for the server's log), or null
 */
record CellFolder(Path cwd, Path readOnly, String note) {

    /** {@code cwd=~}: the session's work folder, the cell's HOME, where it may write. */
    static final String HOME = "~";

    /**
     * @param workFolder  the session's work folder
     * @param runbooksDir the runbooks folder {@code cwd=} may not leave, or null: the runbook's own folder
     */
    static CellFolder of(String cwd, Path workFolder, SessionContext session, Path runbooksDir, CellSandbox sandbox)
            throws ShellCommand.Refused {
        String wanted = cwd == null || cwd.isBlank() ? null : cwd.strip();
        try {
            if (session == null || session.runbook() == null || wanted != null && isHome(wanted)) {
                String inWork = wanted == null ? null : wanted.equals(HOME) ? "." : wanted.replaceFirst("^~/", "");
                return new CellFolder(confined(inWork, cwd, workFolder.toRealPath(), "the work folder"), null, null);
            }
            Path folder = folderOf(session.runbook());
            Path root = runbooksDir == null ? folder : runbooksDir.toRealPath();
            if (!folder.startsWith(root)) {
                root = folder;
            }
            if (wanted == null) {
                String why = unusable(folder, session.dataDir(), sandbox);
                return why == null
                        ? new CellFolder(folder, folder, null)
                        : new CellFolder(
                                workFolder.toRealPath(),
                                null,
                                "shell cells of session " + session.sessionId() + " start in their work folder,"
                                        + " not in the runbook's folder: " + why);
            }
            Path real = confined(wanted, cwd, folder, root, "the runbooks folder " + root);
            String why = unusable(real, session.dataDir(), sandbox);
            if (why != null) {
                throw new ShellCommand.Refused("cwd=" + cwd + " cannot be used: " + why);
            }
            return new CellFolder(real, real, null);
        } catch (IOException e) {
            throw new ShellCommand.Refused("the cell's folder cannot be used: " + e.getMessage());
        }
    }

    /**
     * The runbook's real folder; when its file is gone (deleted after its run was accepted: the run goes on with the
     * text it was accepted with), the real path of the folder it was in.
     */
    private static Path folderOf(Path runbook) throws IOException {
        try {
            return runbook.toRealPath().getParent();
        } catch (NoSuchFileException e) {
            return runbook.toAbsolutePath().normalize().getParent().toRealPath();
        }
    }

    private static boolean isHome(String cwd) {
        return cwd.equals(HOME) || cwd.startsWith(HOME + "/");
    }

    private static Path confined(String wanted, String given, Path base, String what)
            throws ShellCommand.Refused, IOException {
        return wanted == null ? base : confined(wanted, given, base, base, what);
    }

    /** {@code wanted} from {@code base}: a folder whose real path (links followed) stays inside {@code root}. */
    private static Path confined(String wanted, String given, Path base, Path root, String what)
            throws ShellCommand.Refused, IOException {
        Path path = base.resolve(wanted).normalize();
        if (!Files.isDirectory(path)) {
            throw new ShellCommand.Refused("cwd=" + given + " is not a folder in " + base);
        }
        Path real = path.toRealPath();
        if (!real.startsWith(root)) {
            throw new ShellCommand.Refused("cwd=" + given + " leads outside " + what);
        }
        return real;
    }

    /** Why a cell cannot start in {@code folder}: inside the data folder, or closed to the cell user; else null. */
    private static String unusable(Path folder, Path dataDir, CellSandbox sandbox) throws IOException {
        if (dataDir != null && Files.isDirectory(dataDir) && folder.startsWith(dataDir.toRealPath())) {
            return folder + " is inside the server's data folder, which cells never see";
        }
        return sandbox.closed(folder);
    }
}
