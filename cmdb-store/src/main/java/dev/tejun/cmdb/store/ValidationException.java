package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.CellError;
import java.util.List;

/** Values were refused; nothing was written (REST: 400/422). Lists every problem, not just the first. */
public final class ValidationException extends CmdbException {

    private final transient List<CellError> errors;

    public ValidationException(List<CellError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public List<CellError> errors() {
        return errors;
    }

    private static String summary(List<CellError> errors) {
        String first = errors.isEmpty() ? "" : ": " + errors.getFirst();
        return errors.size() + " refused value" + (errors.size() == 1 ? "" : "s") + first;
    }
}
