/** Resource locks on the server: who holds which lock and who waits where ({@code GET /api/locks}). */
package dev.tejun.server.guard.locks;
