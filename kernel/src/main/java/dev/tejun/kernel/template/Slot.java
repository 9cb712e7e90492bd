package dev.tejun.kernel.template;

/**
 * A reference and the value it resolved to.
 *
 * @param type the declared type of a param ({@code string}, {@code boolean}, {@code integer}, {@code number});
 *             {@code string} for everything else (cell fields, CMDB values, event fields)
 */
public record Slot(Reference reference, String value, String type) {

    public Slot {
        type = type == null ? "string" : type;
    }
}
