/**
 * Expected × actual: an observed sheet (actual state, written by collectors) paired column to column with an
 * expected sheet (the design), and the drift between them per host and column — expected, actual, since when they
 * differ, when the host was last collected.
 */
package dev.tejun.cmdb.drift;
