/**
 * {@code tejun backup} and {@code tejun restore}: a consistent copy of a data folder while a server runs on it (the
 * database as of one moment with the audit head of that moment, the evidence with its chain head, the keys and the
 * config), and putting it back into an empty folder.
 */
package dev.tejun.server.backup;
