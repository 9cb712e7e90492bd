package dev.tejun.server.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence forged with file access but without {@code proof.key}: {@code tejun evidence verify} must say so. */
class EvidenceForgeryTest {

    @TempDir
    Path temp;

    /** A real server that ran a shell cell twice, stopped. */
    private Path recordedData() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            t.write("say.md", "# Say\n\n```sh {#say}\necho the truth\n```\n");
            for (int i = 0; i < 2; i++) {
                try (WsClient ws = t.connect("say.md")) {
                    ws.send("{\"type\":\"attach\"}");
                    ws.next("snapshot");
                    ws.send("{\"type\":\"run-all\",\"id\":\"r\"}");
                    String runId = ws.next("accepted").path("runId").asText();
                    ws.eventsUntil(WsClient.runFinished(runId));
                }
            }
            return t.data;
        }
    }

    private static String newestRun(Path data) throws Exception {
        return Files.readString(data.resolve("evidence").resolve("CHAIN"))
                .strip()
                .split(" ")[0];
    }

    @Test
    void verify_untouchedRuns_areIntact() throws Exception {
        Path data = recordedData();
        Forger.Verdict v = Forger.evidenceVerify(data, null);
        assertEquals(0, v.code(), v.err());
    }

    @Test
    void verify_outputChangedManifestAndChainRehashed_namesTheRun() throws Exception {
        Path data = recordedData();
        String runId = newestRun(data);
        Forger.rewriteNewestRun(data, "cells/01-say/stdout.bin", "a lie\n");
        Forger.Verdict v = Forger.evidenceVerify(data, null);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains(runId), v.err());
    }

    @Test
    void verify_proofKeyReplaced_saysTheKeyDiffers() throws Exception {
        Path data = recordedData();
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(data.resolve("proof.key"), other);
        Forger.Verdict v = Forger.evidenceVerify(data, null);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("proof.key") && v.err().contains("not the key"), v.err());
    }

    @Test
    void verify_proofKeyMissing_saysSo() throws Exception {
        Path data = recordedData();
        Files.delete(data.resolve("proof.key"));
        Forger.Verdict v = Forger.evidenceVerify(data, null);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("no proof.key"), v.err());
    }
}
