/** A param's choices from the CMDB for forms and the CLI ({@code GET /api/choices}). */
package dev.tejun.server.guard.choices;
