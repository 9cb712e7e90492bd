package dev.tejun.kernel.exec.dialog;

import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test fixture: the request of dialog cell {@code d1} of run {@code r1}, as a session hands it to the executor. */
final class DialogCells {

    private DialogCells() {}

    /**
     * {@code steps} with the cell's {@code attributes}, working in {@code dir}; {@code variables} are the values its
     * {@code $[value.N]} references were given (none: {@code Map.of()}).
     */
    static CellRequest request(String steps, Map<String, String> attributes, Path dir, Map<String, String> variables) {
        return new CellRequest(
                "r1",
                "d1",
                "dialog",
                steps,
                new Attributes("d1", List.of(), attributes),
                dir,
                null,
                Map.of(),
                Map.of(),
                null,
                null,
                List.of(),
                variables,
                List.of());
    }
}
