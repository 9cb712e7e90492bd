package dev.tejun.cmdb.model;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * An operation (作業): a planned change whose parameters are the CMDB rows keyed by host and this operation's name,
 * with the runs and flow instances started for it.
 *
 * @param name      the name rows carry in their {@code operation} key
 * @param planned   when it is planned, in the zone it was planned in; null when not yet scheduled
 * @param status    where it stands
 * @param owner     who is responsible (a user name), or null
 * @param notes     free text
 * @param version   1 when created, one more with each change (for optimistic updates, as rows have)
 * @param updatedAt when it last changed
 * @param updatedBy who changed it last
 * @param links     the runs and flow instances started for it, oldest first
 */
public record Operation(
        String name,
        ZonedDateTime planned,
        OperationStatus status,
        String owner,
        String notes,
        long version,
        Instant updatedAt,
        String updatedBy,
        List<Link> links) {

    public Operation {
        links = List.copyOf(links);
    }

    /** What a run or flow instance started for an operation is. */
    public enum LinkKind {
        RUN,
        FLOW
    }

    /**
     * One run or flow instance started for the operation.
     *
     * @param outcome null while it runs; {@code ok}, {@code failed} or {@code stopped} when it ended
     */
    public record Link(LinkKind kind, String ref, Instant at, String outcome) {}

    /**
     * What a person gives to create or change an operation; everything else the store keeps.
     *
     * @param planned null: not scheduled
     */
    public record Draft(String name, ZonedDateTime planned, String owner, String notes) {

        private static final int MAX_NAME = 100;

        public Draft {
            if (name == null || name.isBlank() || name.length() > MAX_NAME || !name.equals(name.strip())) {
                throw new DefinitionException(
                        "name", "an operation name must be 1-100 characters without leading or trailing blanks");
            }
            owner = owner == null || owner.isBlank() ? null : owner.strip();
            if (owner != null && owner.length() > 100) {
                throw new DefinitionException("owner", "owner is longer than 100 characters");
            }
            notes = notes == null ? "" : notes;
            if (notes.length() > 10_000) {
                throw new DefinitionException("notes", "notes are longer than 10,000 characters");
            }
        }
    }
}
