package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.kernel.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runbook with an ansible cell, run headless with real ansible-playbook: the cell's zips are sealed in evidence. */
@Tag("e2e")
class AnsibleEvidenceTest {

    @TempDir
    Path tmp;

    @Test
    void run_ansibleCell_inputAndResultZipsInEvidenceAndManifest() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (CmdbStore cmdb = TestHosts.store(data)) {
            TestHosts.addHost(cmdb, "localhost", "127.0.0.1", 22, null, null, "here");
            Session.Services services = new Session.Services(
                    new ExecutorRegistry(List.of(new AnsibleExecutorFactory(cmdb, null))),
                    new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                    data,
                    Clock.systemUTC(),
                    ref -> Optional.empty());
            Path runbook = Files.writeString(tmp.resolve("play.md"), """
                    ```ansible {#play connection=local}
                    - hosts: here
                      gather_facts: false
                      tasks:
                        - ansible.builtin.debug: { msg: "hello from {{ inventory_hostname }}" }
                    ```
                    """);
            code = new HeadlessRun(
                            services,
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run(runbook, Map.of(), "ci");
        }

        assertEquals(0, code, out + "\n" + err);
        Path evidence = Path.of(out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("evidence: "))
                .findFirst()
                .orElseThrow()
                .substring("evidence: ".length()));
        Path artifacts = evidence.resolve("cells/01-play/artifacts");
        try (ZipFile input = new ZipFile(artifacts.resolve("input.zip").toFile());
                ZipFile result = new ZipFile(artifacts.resolve("result.zip").toFile())) {
            assertTrue(input.getEntry("playbook.yml") != null && input.getEntry("inventory.yml") != null);
            String log = new String(
                    result.getInputStream(result.getEntry("ansible.log")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(log.contains("hello from localhost"), log);
        }
        Map<String, String> sealed = Manifest.hashes(evidence);
        assertTrue(
                sealed.keySet()
                        .containsAll(
                                List.of("cells/01-play/artifacts/input.zip", "cells/01-play/artifacts/result.zip")),
                sealed.keySet().toString());
        assertTrue(EvidenceVerifier.verifyAll(data.resolve("evidence")).ok());
    }
}
