package dev.tejun.server.cli.remote;

/**
 * A request to the server that did not succeed, with the exit code it maps to and a message for the terminal.
 * {@code status} is the HTTP status, or 0 when no answer came at all.
 */
final class RemoteFailure extends Exception {

    private final int status;

    RemoteFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    int exitCode() {
        if (status == 0 || status == 401 || status == 403) {
            return RemoteExit.UNREACHABLE;
        }
        return status == 400 || status == 404 ? RemoteExit.USAGE : RemoteExit.CELL_FAILED;
    }
}
