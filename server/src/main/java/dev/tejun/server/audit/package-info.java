/**
 * The audit log: who did what, when, through which interface, with which outcome. Append-only (triggers refuse
 * UPDATE and DELETE) and hash-chained (each entry carries the hash of the one before), so an edit or a deletion
 * made behind the server's back is found by {@code tejun audit verify}. Also home of the server's database.
 */
package dev.tejun.server.audit;
