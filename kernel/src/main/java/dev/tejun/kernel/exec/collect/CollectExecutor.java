package dev.tejun.kernel.exec.collect;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.runbook.Attributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs the body on each host through an {@code ssh} executor, then parses every host's output and stores it in the
 * observed sheet {@code into=} in one change: all hosts or none. A host that failed, printed what does not parse,
 * or gave values the sheet refuses fails the cell, and nothing is written.
 */
final class CollectExecutor implements Executor {

    private static final Set<String> OWN = Set.of("into", "parse", "pattern");

    private final CmdbStore cmdb;
    private final Executor ssh;

    CollectExecutor(CmdbStore cmdb, Executor ssh) {
        this.cmdb = cmdb;
        this.ssh = ssh;
    }

    @Override
    public CellOutcome execute(CellRequest request, Output output) {
        Attributes a = request.attributes();
        String into = a.get("into").orElse(null);
        if (into == null) {
            return CellOutcome.failed(null, "a collect cell needs into=SHEET, the observed sheet to write");
        }
        SheetDef sheet = cmdb.sheet(into).orElse(null);
        if (sheet == null || !sheet.observed()) {
            return CellOutcome.failed(
                    null,
                    "into=" + into + (sheet == null ? " is not a CMDB sheet" : " is not an observed sheet")
                            + ": collectors write actual state only into a sheet that observes an expected one");
        }
        Set<String> columns = sheet.columns().stream().map(ColumnDef::name).collect(Collectors.toSet());
        String parse = a.get("parse").orElse("keyvalue");
        String pattern = a.get("pattern").orElse(null);
        String refusal = Parsers.refusal(parse, pattern, columns);
        if (refusal != null) {
            return CellOutcome.failed(null, refusal);
        }
        CollectedOutput collected = new CollectedOutput(output);
        CellOutcome ran = ssh.execute(sshRequest(request), collected);
        if (ran.status() != CellStatus.OK) {
            return ran.adding("; nothing was collected");
        }
        Map<String, Map<String, Object>> byHost = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        Map<String, String> texts = collected.texts();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            if (e.getValue().length() > CollectedOutput.LIMIT) {
                bad.add(e.getKey() + ": more than " + CollectedOutput.LIMIT + " bytes of output");
                continue;
            }
            try {
                byHost.put(e.getKey(), Parsers.parse(parse, pattern, e.getValue(), columns));
            } catch (Parsers.Unparseable u) {
                bad.add(e.getKey() + ": " + u.getMessage());
            }
        }
        if (!bad.isEmpty()) {
            return CellOutcome.failed(
                    null,
                    "output that does not parse, nothing was written to " + into + " — " + String.join("; ", bad));
        }
        Actor actor = new Actor(request.user() == null ? "runbook" : request.user(), Channel.RUNBOOK);
        int changed;
        try {
            changed = cmdb.recordObserved(into, byHost, request.runId(), actor);
        } catch (ValidationException e) {
            return CellOutcome.failed(
                    null, "the sheet refused what was collected, nothing was written: " + e.getMessage());
        }
        String summary = "collected " + byHost.size() + " host(s) into " + into + ", " + changed + " changed";
        output.stdout(summary + "\n");
        return CellOutcome.ok(0, summary);
    }

    /** The same cell for the ssh executor, without the attributes only collect knows. */
    private static CellRequest sshRequest(CellRequest r) {
        Map<String, String> values = new LinkedHashMap<>(r.attributes().values());
        values.keySet().removeAll(OWN);
        // what is collected is the command's stdout only: its stderr (a warning) must not be parsed as a row
        values.put("streams", "separate");
        Attributes attrs = new Attributes(r.attributes().id(), r.attributes().classes(), values);
        return new CellRequest(
                r.runId(),
                r.cellId(),
                "ssh",
                r.code(),
                attrs,
                r.workDir(),
                r.timeout(),
                r.env(),
                r.params(),
                r.user(),
                r.via(),
                r.bound(),
                r.variables(),
                r.secrets());
    }

    @Override
    public void close() {
        ssh.close();
    }
}
