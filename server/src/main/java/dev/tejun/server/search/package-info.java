/**
 * The header's search over the workspace: runbooks by title, path and tag, recent runs by id, runbook and user, and
 * CMDB rows by host and value (secret columns never searched), each list short, for a page to offer as links.
 */
package dev.tejun.server.search;
