package dev.tejun.server.audit;

import dev.tejun.kernel.proof.ProofKey;

/**
 * One walk along the audit chain in id order, entry by entry, wherever the entries are read from: the archived
 * segments first, then the table ({@link AuditVerify}), or the stretch being archived ({@link AuditArchive}). Each
 * entry must have the next id, name the hash of the one before, hash to its own hash, and — once keying began —
 * carry a MAC of its hash.
 */
final class AuditChainWalk {

    private final ProofKey key;
    private String prev;
    private long expectedId;
    private long count;
    private long notKeyed;
    private long keyedFrom;

    /**
     * @param after   the last entry from before keying began, or -1 when unknown (inferred from the entries)
     * @param firstId the id the walk starts at; {@code prev} the hash the entry before it had
     */
    AuditChainWalk(ProofKey key, long after, long firstId, String prev) {
        this.key = key;
        this.keyedFrom = after >= 0 ? after + 1 : Long.MAX_VALUE;
        this.expectedId = firstId;
        this.prev = prev;
    }

    /** A walk from the first entry ever. */
    AuditChainWalk(ProofKey key, long after) {
        this(key, after, 1, AuditEntry.GENESIS);
    }

    /** Why {@code e} does not continue the chain, or null when it does (then the walk moves past it). */
    String step(AuditEntry e) {
        count++;
        if (e.id() < expectedId) {
            return "entry #" + e.id() + " appears again after entry #" + (expectedId - 1)
                    + " (an archived entry is back in the table, or a segment overlaps the one before)";
        }
        if (e.id() != expectedId) {
            return "entry " + expectedId + " is missing (next is " + e.id() + ")";
        }
        if (!e.prevHash().equals(prev)) {
            return "entry " + e.id() + " does not follow the entry before it (prev_hash differs)";
        }
        if (!e.computeHash().equals(e.hash())) {
            return "entry " + e.id() + " was changed (hash differs)";
        }
        if (e.mac() != null) {
            if (!key.matches(e.mac(), ProofKey.AUDIT, Long.toString(e.id()), e.hash())) {
                return "entry #" + e.id() + " was changed and rehashed without the key (its MAC does not match)";
            }
            keyedFrom = Math.min(keyedFrom, e.id());
        } else if (e.id() >= keyedFrom) {
            return "entry #" + e.id() + " is not keyed although keying began at #" + keyedFrom
                    + ": its MAC was stripped";
        } else {
            notKeyed++;
        }
        prev = e.hash();
        expectedId++;
        return null;
    }

    /** Entries looked at so far (the breaking one included). */
    long count() {
        return count;
    }

    /** The id of the last entry that continued the chain (0 before any). */
    long lastId() {
        return expectedId - 1;
    }

    /** The hash of the last entry that continued the chain ({@link AuditEntry#GENESIS} before any). */
    String lastHash() {
        return prev;
    }

    /** What to say of entries written before the key existed, or null when there were none. */
    String notKeyed() {
        return notKeyed == 0
                ? null
                : "entries #1–#" + notKeyed + " not keyed (before KEYED-SINCE #" + (notKeyed + 1) + ": written before "
                        + ProofKey.FILE + " existed)";
    }
}
