package dev.tejun.server.cli.remote;

/**
 * Maps the FILE a user types to the name of a runbook in the server's folder. The server knows its own folder, not
 * the caller's disk, so the name is relative: {@code ops/patch.md}. A path through a folder named {@code runbooks}
 * (the default folder name, e.g. {@code runbooks/ops/patch.md} or {@code /home/me/repo/runbooks/ops/patch.md})
 * is cut after the last such folder, so the same word works for a local and a remote run from a checkout.
 */
final class RunbookName {

    static final String FOLDER = "runbooks";

    private RunbookName() {}

    static String of(String file) {
        String name = file.strip().replace('\\', '/');
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        int at = name.lastIndexOf("/" + FOLDER + "/");
        if (at >= 0) {
            return name.substring(at + FOLDER.length() + 2);
        }
        return name.startsWith(FOLDER + "/") ? name.substring(FOLDER.length() + 1) : name;
    }
}
