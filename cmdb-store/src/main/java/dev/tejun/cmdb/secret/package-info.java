/**
 * Encryption at rest for SECRET columns. The store seals values before they reach the database or the journal
 * and opens them only for {@code CmdbStore.revealSecret}; everything else sees {@code Row.MASK}.
 */
package dev.tejun.cmdb.secret;
