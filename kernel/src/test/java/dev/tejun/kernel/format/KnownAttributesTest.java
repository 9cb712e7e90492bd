package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attributes the executors read are known to the checker: it warned "unknown attribute" about some of them. */
class KnownAttributesTest {

    @TempDir
    Path dir;

    @Test
    void check_attributesTheRemoteExecutorsRead_noUnknownAttributeWarning() throws IOException {
        Path file = Files.writeString(dir.resolve("remote.md"), """
                ```ssh {#a hosts=web host-key-policy=accept-new connect-timeout=5s command-timeout=60s}
                uptime
                ```

                ```ansible {#b hosts=web connection=local group-vars-from=groups}
                - hosts: all
                  tasks: []
                ```

                ```terraform {#c workspace=staging}
                terraform {}
                ```
                """);

        CheckReport report = RunbookCheck.check(file);

        assertEquals(List.of(), report.problems());
    }
}
