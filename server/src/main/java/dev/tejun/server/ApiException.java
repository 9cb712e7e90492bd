package dev.tejun.server;

/**
 * A request the server refuses, with the status and the message the client gets as {@code {"error":…}}.
 * Handlers throw it; {@link Routes} turns it into the response, so no handler writes error bodies itself.
 */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
