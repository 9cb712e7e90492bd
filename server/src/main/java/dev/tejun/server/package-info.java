/**
 * The Tejun server: {@link dev.tejun.server.TejunServer} wires the kernel (runbooks folder, sessions, evidence)
 * to HTTP and WebSocket. {@code Routes} is the one route table; each feature (runbooks, runs, health, ws, web)
 * has its own package of thin handlers. No static mutable state: two servers in one JVM share nothing.
 */
package dev.tejun.server;
