package dev.tejun.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Several servers on one database: each of a server's series carries its name, comments stay as they were. */
class ServerLabelTest {

    @Test
    void labelled_samplesWithAndWithoutLabels_serverFirstInEach() {
        String text = """
                # HELP tejun_runs runs in the run index
                # TYPE tejun_runs gauge
                tejun_runs{interface="api",status="OK"} 1.0
                process_uptime_seconds 12.5
                empty_labels{} 3.0
                """;

        assertEquals("""
                # HELP tejun_runs runs in the run index
                # TYPE tejun_runs gauge
                tejun_runs{server="a:7070",interface="api",status="OK"} 1.0
                process_uptime_seconds{server="a:7070"} 12.5
                empty_labels{server="a:7070"} 3.0
                """, ServerMetrics.labelled(text, "server=\"a:7070\""));
    }
}
