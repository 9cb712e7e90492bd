/**
 * Runbook files over REST: list, read as a document (cells, params, problems, prose rendered safely) and
 * change, whole or one cell at a time, with optimistic versions (SHA-256 of the bytes) so no edit is lost.
 */
package dev.tejun.server.runbooks;
