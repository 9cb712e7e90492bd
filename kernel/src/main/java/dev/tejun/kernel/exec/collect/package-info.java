/**
 * The {@code collect} cell: actual state into the CMDB. Its body runs on each host like an {@code ssh} cell (the
 * same hosts, keys, fan-out and per-host panes); each host's output is parsed ({@code parse=keyvalue}, {@code json}
 * or {@code regex} with {@code pattern=} naming columns by group) into the observed sheet {@code into=}, through the
 * journal with the run id as the source. Output that does not parse fails the cell with the offending line and
 * writes nothing; collectors never write an expected sheet.
 */
package dev.tejun.kernel.exec.collect;
