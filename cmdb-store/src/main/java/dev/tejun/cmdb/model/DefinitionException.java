package dev.tejun.cmdb.model;

/**
 * A sheet definition that cannot hold, naming the field at fault so an editor can show the reason beside it.
 *
 * <p>{@link #field()} is a path into the sheet's JSON form: {@code name}, {@code kind}, {@code description},
 * {@code columns[2].pattern}, {@code uniqueSets[0]}. A {@link ColumnDef} does not know its position, so it names
 * the field within the column ({@code pattern}); whoever knows the position prefixes it with {@link #within}.
 */
public final class DefinitionException extends IllegalArgumentException {

    private final String field;

    public DefinitionException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The path of the field at fault; empty when the definition as a whole is at fault. */
    public String field() {
        return field;
    }

    /** The same refusal with its field under {@code prefix}, e.g. {@code columns[2]} + {@code pattern}. */
    public DefinitionException within(String prefix) {
        String path = field.isEmpty() ? prefix : prefix + "." + field;
        DefinitionException moved = new DefinitionException(path, getMessage());
        moved.setStackTrace(getStackTrace());
        return moved;
    }
}
