package dev.tejun.server.config;

/** A setting that cannot be used; the message names where it came from (file and line, or variable) and the key. */
public final class ConfigError extends Exception {

    public ConfigError(String message) {
        super(message);
    }
}
