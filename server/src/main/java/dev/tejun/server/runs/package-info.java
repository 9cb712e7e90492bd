/** Evidence over REST: a run's record and the raw output of its cells, confined to the evidence folder. */
package dev.tejun.server.runs;
