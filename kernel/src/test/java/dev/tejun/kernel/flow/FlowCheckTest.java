package dev.tejun.kernel.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.runbook.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of flow files: each mistake is reported with the node it concerns. */
class FlowCheckTest {

    @TempDir
    Path tmp;

    private RunbookFolder folder;

    @BeforeEach
    void open() throws Exception {
        folder = new RunbookFolder(tmp.resolve("runbooks"));
        folder.write("a.md", """
                ---
                params:
                  env: { enum: [staging, prod] }
                  count: { type: integer, default: 1 }
                ---
                ```sh {#main}
                echo ${params.env}
                ```
                """);
    }

    private List<String> errors(String yaml) throws Exception {
        folder.write("x.flow.yaml", yaml);
        CheckReport report = FlowCheck.check(folder.root().resolve("x.flow.yaml"), folder);
        return report.problems().stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .map(Problem::toString)
                .toList();
    }

    private static void assertError(List<String> errors, String expected) {
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected '" + expected + "' in " + errors);
    }

    @Test
    void check_validFlow_hasNoProblems() throws Exception {
        List<String> errors = errors("""
                params:
                  env: { default: staging }
                nodes:
                  - { id: a, type: runbook, runbook: a.md, params: { env: "${params.env}" }, next: fan }
                  - { id: fan, type: parallel, next: [b, c] }
                  - { id: b, type: runbook, runbook: a.md, params: { env: prod, count: "${nodes.a.main.stdout}" }, next: join }
                  - { id: c, type: pause, timeout: 5m, on-timeout: reject, next: join }
                  - { id: join, type: merge, on-failure: warn, next: end }
                  - { id: end, type: end }
                """);
        assertEquals(List.of(), errors);
    }

    @Test
    void check_unreachableAndDanglingNodes_areNamed() throws Exception {
        List<String> errors = errors("""
                nodes:
                  - { id: a, type: runbook, runbook: a.md, params: { env: prod }, next: end }
                  - { id: lost, type: runbook, runbook: a.md, params: { env: prod }, next: end }
                  - { id: stuck, type: pause }
                  - { id: end, type: end }
                """);
        assertError(errors, "line 3: error: node 'lost': cannot be reached from the start node 'a'");
        assertError(errors, "node 'stuck': has no next node");
    }

    @Test
    void check_cycle_namesANodeOnIt() throws Exception {
        List<String> errors = errors("""
                nodes:
                  - { id: a, type: runbook, runbook: a.md, params: { env: prod }, next: b }
                  - { id: b, type: branch, on: { ok: end, failed: c } }
                  - { id: c, type: runbook, runbook: a.md, params: { env: prod }, next: b }
                  - { id: end, type: end }
                """);
        assertError(errors, "is part of a cycle: b -> c -> b");
    }

    @Test
    void check_mergeNotAfterParallel_isNamed() throws Exception {
        List<String> errors = errors("""
                nodes:
                  - { id: a, type: runbook, runbook: a.md, params: { env: prod }, next: b }
                  - { id: b, type: branch, on: { ok: c, failed: d } }
                  - { id: c, type: runbook, runbook: a.md, params: { env: prod }, next: join }
                  - { id: d, type: runbook, runbook: a.md, params: { env: prod }, next: join }
                  - { id: join, type: merge, next: end }
                  - { id: end, type: end }
                """);
        assertError(errors, "node 'join': a merge must join paths that come from one parallel node");
        assertError(errors, "node 'join': a merge must say on-failure");
    }

    @Test
    void check_parallelPathsMeetingOutsideAMerge_isNamed() throws Exception {
        List<String> errors = errors("""
                nodes:
                  - { id: fan, type: parallel, next: [b, c] }
                  - { id: b, type: runbook, runbook: a.md, params: { env: prod }, next: twice }
                  - { id: c, type: runbook, runbook: a.md, params: { env: prod }, next: twice }
                  - { id: twice, type: runbook, runbook: a.md, params: { env: prod }, next: end }
                  - { id: end, type: end }
                """);
        assertError(errors, "node 'twice': is reached by two paths of parallel node 'fan'");
    }

    @Test
    void check_missingRunbookAndBadParams_nameTheNode() throws Exception {
        List<String> errors = errors("""
                nodes:
                  - { id: gone, type: runbook, runbook: nope.md, next: a }
                  - { id: a, type: runbook, runbook: a.md, params: { env: dev, count: many, colour: red }, next: b }
                  - { id: b, type: runbook, runbook: a.md, next: c }
                  - { id: c, type: runbook, runbook: ../outside.md, params: { env: prod }, next: d }
                  - { id: d, type: runbook, runbook: a.md, params: { env: "${params.nope}" }, next: end }
                  - { id: end, type: end }
                """);
        assertError(errors, "node 'gone': runbook nope.md does not exist");
        assertError(errors, "node 'a': runbook a.md: unknown param 'colour'");
        assertError(errors, "node 'a': runbook a.md: param 'env' must be one of [staging, prod], not 'dev'");
        assertError(errors, "node 'a': runbook a.md: param 'count' must be an integer");
        assertError(errors, "node 'b': runbook a.md: missing param 'env'");
        assertError(errors, "node 'c': runbook ../outside.md");
        assertError(errors, "node 'd': ${params.nope} refers to a param the flow does not declare");
    }

    @Test
    void check_calls_missingFlowAndCallCycle_areNamed() throws Exception {
        folder.write("self.flow.yaml", """
                nodes:
                  - { id: again, type: call, flow: self.flow.yaml, next: end }
                  - { id: end, type: end }
                """);
        List<String> errors = errors("""
                nodes:
                  - { id: missing, type: call, flow: none.flow.yaml, next: loop }
                  - { id: loop, type: call, flow: self.flow.yaml, next: end }
                  - { id: end, type: end }
                """);
        assertError(errors, "node 'missing': flow none.flow.yaml does not exist");
        assertError(
                errors,
                "node 'loop': called flow self.flow.yaml is not valid: node 'again': calls flow self.flow.yaml");
    }

    @Test
    void check_unknownTypeAndBadKeys_areNamed() throws Exception {
        List<String> errors = errors("""
                nodes:
                  - { id: a, type: jump, next: end }
                  - { id: p, type: pause, timeout: soon, next: [x, y] }
                  - { id: end, type: end, result: great }
                """);
        assertError(errors, "node 'a': type must be one of");
        assertError(errors, "node 'p': timeout must look like");
        assertError(errors, "node 'p': only a parallel node has several next nodes");
        assertError(errors, "node 'end': result must be ok, warning or failed");
    }

    @Test
    void check_pauseApprover_mustBeAKnownRole() throws Exception {
        assertEquals(List.of(), errors("""
                nodes:
                  - { id: p, type: pause, approver: operator, next: end }
                  - { id: end, type: end }
                """));
        assertError(errors("""
                nodes:
                  - { id: p, type: pause, approver: boss, next: end }
                  - { id: end, type: end }
                """), "node 'p': approver: unknown role 'boss'");
    }

    @Test
    void check_goodLocks_passWithoutProblems() throws Exception {
        assertEquals(List.of(), errors("""
                params:
                  db: { default: main }
                locks: ["db:${params.db}", "site:tokyo"]
                lock-policy: refuse
                nodes:
                  - { id: a, type: runbook, runbook: a.md, params: { env: prod }, locks: ["host:${params.db}"], next: end }
                  - { id: end, type: end }
                """));
    }

    @Test
    void check_badLockShapes_namedOnTheirLines() throws Exception {
        List<String> errors = errors("""
                params:
                  db: { default: main }
                locks: { db: main }
                lock-policy: sometimes
                nodes:
                  - { id: a, type: runbook, runbook: a.md, params: { env: prod }, next: end }
                  - { id: end, type: end }
                """);
        assertError(errors, "line 3: error: locks must be a list of lock names");
        assertError(errors, "line 4: error: lock-policy must be queue or refuse, not 'sometimes'");
    }

    @Test
    void check_badLockNames_namedWithTheirNodeAndLine() throws Exception {
        List<String> errors = errors("""
                params:
                  db: { default: main }
                locks: ["db:${params.dbb}"]
                nodes:
                  - { id: a, type: runbook, runbook: a.md, params: { env: prod }, next: b }
                  - { id: b, type: runbook, runbook: a.md, params: { env: prod }, locks: "host:${param.db}", next: c }
                  - id: c
                    type: runbook
                    runbook: a.md
                    params: { env: prod }
                    locks: ["ok:${params.db}", "bell:\\a"]
                    next: end
                  - { id: end, type: end }
                """);
        assertError(
                errors,
                "line 3: error: locks: 'db:${params.dbb}' refers to param dbb, which the flow does not"
                        + " declare (declared: db)");
        assertError(errors, "line 6: error: node 'b': locks: 'host:${param.db}' holds a reference other than");
        assertError(errors, "line 7: error: node 'c': locks: 'bell:\u0007' gives the lock name");
        assertEquals(3, errors.size(), errors.toString());
    }

    @Test
    void check_sampleFlowsInTheRepository_areValid() {
        Path samples = Path.of("..", "runbooks", "flows");
        List<Path> flows = FlowCheck.flowFiles(samples);
        assertFalse(flows.isEmpty(), "no sample flows in " + samples.toAbsolutePath());
        for (Path flow : flows) {
            CheckReport report = FlowCheck.check(flow);
            assertTrue(report.ok(), flow + ": " + report.problems());
            assertTrue(report.problems().isEmpty(), flow + ": " + report.problems());
        }
        assertTrue(Files.isRegularFile(samples.resolve("patch.flow.yaml")));
    }
}
