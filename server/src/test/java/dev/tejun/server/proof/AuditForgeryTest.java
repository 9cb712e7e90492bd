package dev.tejun.server.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log forged with file access but without {@code proof.key}: {@code tejun audit verify} must say so. */
class AuditForgeryTest {

    @TempDir
    Path temp;

    /** A real server that audited a few user changes, stopped. */
    private Path auditedData() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            for (int i = 1; i <= 4; i++) {
                assertEquals(
                        201,
                        t.post(
                                        "/api/users",
                                        "{\"name\":\"user" + i + "\",\"password\":\"Correct-Horse-" + i
                                                + "-Battery\",\"roles\":[\"viewer\"]}")
                                .statusCode());
            }
            return t.data;
        }
    }

    @Test
    void verify_untouchedServerLog_isIntact() throws Exception {
        Path data = auditedData();
        Forger.Verdict v = Forger.auditVerify(data, null);
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("intact"), v.out());
    }

    @Test
    void verify_entryChangedAndEveryHashRecomputed_namesTheEntry() throws Exception {
        Path data = auditedData();
        Forger.rewriteAudit(data, "UPDATE audit_log SET detail = '{\"forged\":true}' WHERE id = 2");
        Forger.Verdict v = Forger.auditVerify(data, null);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("#2"), v.err());
    }

    @Test
    void verify_entryChangedAndItsMacNulled_namesTheEntry() throws Exception {
        Path data = auditedData();
        Forger.rewriteAudit(data, "UPDATE audit_log SET detail = '{\"forged\":true}', mac = NULL WHERE id >= 2");
        Forger.Verdict v = Forger.auditVerify(data, null);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("#2") && v.err().contains("not keyed"), v.err());
    }

    @Test
    void verify_everyMacAndTheHeadStripped_fails() throws Exception {
        Path data = auditedData();
        Forger.rewriteAudit(data, "UPDATE audit_log SET detail = '{\"forged\":true}', mac = NULL WHERE id = 2");
        Forger.rewriteAudit(data, "UPDATE audit_log SET mac = NULL");
        Forger.Verdict v = Forger.auditVerify(data, null);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("head"), v.err());
    }

    @Test
    void verify_proofKeyReplaced_saysTheKeyDiffers() throws Exception {
        Path data = auditedData();
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(data.resolve("proof.key"), other);
        Forger.Verdict v = Forger.auditVerify(data, null);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("proof.key") && v.err().contains("not the key"), v.err());
    }

    @Test
    void start_proofKeyReplacedOrLost_isRefusedSayingWhatToDo() throws Exception {
        Path data = auditedData();
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(data.resolve("proof.key"), other);
        RuntimeException replaced = assertThrows(RuntimeException.class, () -> new TestServer(temp).close());
        assertTrue(
                replaced.getMessage().contains("is not the key")
                        && replaced.getMessage().contains("backup"),
                replaced.getMessage());
        Files.delete(data.resolve("proof.key"));
        RuntimeException lost = assertThrows(RuntimeException.class, () -> new TestServer(temp).close());
        assertTrue(
                lost.getMessage().contains("no proof.key") && lost.getMessage().contains("backup"), lost.getMessage());
        assertTrue(Files.notExists(data.resolve("proof.key")), "no new key was made over keyed data");
    }

    @Test
    void verify_proofKeyMissing_saysSo() throws Exception {
        Path data = auditedData();
        Files.delete(data.resolve("proof.key"));
        Forger.Verdict v = Forger.auditVerify(data, null);
        assertEquals(1, v.code(), v.out());
        assertTrue(v.err().contains("no proof.key"), v.err());
        assertTrue(Files.notExists(data.resolve("proof.key")), "verify never makes a key");
    }
}
