package dev.tejun.kernel.exec.sandbox;

import java.nio.file.Path;

/**
 * The unprivileged local account cells run as.
 *
 * @param home its home folder from /etc/passwd, or null; tools that look it up by account rather than through
 *             HOME (Ansible's {@code ~user} for its local temp folder) find the cell's work folder bound there
 */
record CellUser(String name, int uid, int gid, Path home) {}
