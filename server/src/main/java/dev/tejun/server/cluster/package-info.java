/**
 * Several servers on one PostgreSQL as one Tejun: each server's name ({@link dev.tejun.server.cluster.ClusterNode}),
 * its heartbeat row with a lease ({@link dev.tejun.server.cluster.ServerLeases}), and the beat that renews it and the
 * runs it executes, and marks interrupted the runs of a server that stopped renewing them
 * ({@link dev.tejun.server.cluster.ClusterHeartbeat}). PostgreSQL is the only coordinator: no protocol of Tejun's own.
 */
package dev.tejun.server.cluster;
