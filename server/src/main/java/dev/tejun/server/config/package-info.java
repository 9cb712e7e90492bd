/**
 * The server's settings: {@link dev.tejun.server.config.Key} names every setting with its default, {@link
 * dev.tejun.server.config.ConfigFile} reads {@code tejun.yaml} keeping each value's line, and {@link
 * dev.tejun.server.config.Settings} checks and types them, defaults under the file under the environment under flags.
 * A bad key or value stops start-up with the file, the line and the key.
 */
package dev.tejun.server.config;
