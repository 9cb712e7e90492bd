package dev.tejun.cmdb.model;

import java.time.Instant;

/**
 * One journal entry: an immutable record of one change to one row.
 *
 * @param seq     position in the journal, strictly increasing across the whole database
 * @param sheet   sheet name
 * @param rowId   the changed row
 * @param action  register, update, discard or restore
 * @param user    who made it
 * @param channel through which interface
 * @param at      when
 * @param after   the whole row after the change (secrets masked)
 */
public record Change(
        long seq, String sheet, long rowId, ChangeAction action, String user, Channel channel, Instant at, Row after) {}
