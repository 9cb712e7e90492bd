package dev.tejun.server.cmdb;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.store.NotFoundException;
import dev.tejun.cmdb.store.OperationRefused;
import dev.tejun.cmdb.store.StaleVersionException;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.server.ErrorCodes;
import io.javalin.config.RoutesConfig;
import java.util.List;

/** The store's refusals as HTTP answers, installed once by the route table. */
public final class CmdbErrors {

    /**
     * A 400 that names every refused value, so a client can show each one at its cell.
     *
     * @param error  a one-line summary
     * @param errors every refused value by sheet, row and column
     */
    public record Refused(
            String error,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorCodes.Coded> codes,
            List<RefusedValue> errors) {}

    /**
     * One refused value: {@link CellError}'s fields, and the codes of its message ({@link ErrorCodes}) so that the
     * sheet shows it in the page's language.
     */
    public record RefusedValue(
            String sheet,
            String rowRef,
            String column,
            String message,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorCodes.Coded> codes) {

        static RefusedValue of(CellError e) {
            return new RefusedValue(e.sheet(), e.rowRef(), e.column(), e.message(), ErrorCodes.of(e.message()));
        }
    }

    /**
     * A 400 for a sheet definition that cannot hold.
     *
     * @param error why, in plain words
     * @param field the field at fault as a path into the definition ({@code columns[2].pattern}); empty when
     *              the definition as a whole is at fault
     */
    public record BadDefinition(String error, String field) {}

    private CmdbErrors() {}

    public static void install(RoutesConfig routes) {
        routes.exception(ValidationException.class, (e, ctx) -> ctx.status(400).json(refused(e.errors())));
        // The current row, as the runbook PUT does with the current document: the client shows it and retries.
        routes.exception(
                StaleVersionException.class, (e, ctx) -> ctx.status(409).json(e.current()));
        routes.exception(
                DefinitionException.class,
                (e, ctx) -> ctx.status(400).json(new BadDefinition(e.getMessage(), e.field())));
        routes.exception(
                OperationRefused.class,
                (e, ctx) -> ctx.status(409).json(new dev.tejun.server.ApiError(e.getMessage())));
        routes.exception(
                NotFoundException.class,
                (e, ctx) -> ctx.status(404).json(new dev.tejun.server.ApiError(e.getMessage())));
    }

    static Refused refused(List<CellError> errors) {
        String summary = errors.size() == 1 ? errors.getFirst().toString() : errors.size() + " values refused";
        return new Refused(
                summary,
                ErrorCodes.of(summary),
                errors.stream().map(RefusedValue::of).toList());
    }
}
