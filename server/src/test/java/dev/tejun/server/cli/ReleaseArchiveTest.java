package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive ({@code ./tejun dist}) made from the finished build, unpacked into an empty folder and started
 * there with nothing but a Java runtime and a few shell tools on PATH (no Maven, no source tree): {@code bin/tejun
 * version} answers and the server answers {@code /api/health}. End-to-end tier: it needs the packaged jars.
 */
@Tag("e2e")
class ReleaseArchiveTest {

    @TempDir
    Path temp;

    @Test
    void dist_unpackedElsewhere_startsWithoutMaven() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String archive = run(
                        List.of(
                                root.resolve("packaging/make-dist.sh").toString(),
                                root.toString(),
                                temp.resolve("out").toString()),
                        Map.of(),
                        temp)
                .strip();
        assertTrue(archive.matches(".*/tejun-[0-9A-Za-z.-]+\\.tar\\.gz"), archive);
        Path unpacked = Files.createDirectories(temp.resolve("opt"));
        run(List.of("tar", "-xzf", archive, "-C", unpacked.toString()), Map.of(), temp);
        String dirName = Path.of(archive).getFileName().toString().replace(".tar.gz", "");
        Path home = unpacked.resolve(dirName);
        for (String part : List.of(
                "bin/tejun", "systemd/tejun.service", "README-INSTALL.md", "tejun.yaml.example", "samples/hello.md")) {
            assertTrue(Files.exists(home.resolve(part)), part + " is in the archive");
        }
        String unit = Files.readString(home.resolve("systemd/tejun.service"));
        assertTrue(
                unit.contains("User=tejun")
                        && unit.contains("NoNewPrivileges=true")
                        && unit.contains("ProtectSystem=strict"),
                unit);

        // PATH: only what the launcher uses, linked into a folder of its own, so no mvn can be found
        Path bin = Files.createDirectories(temp.resolve("path"));
        for (String tool : List.of("bash", "dirname", "readlink", "awk")) {
            Path real = Path.of("/usr/bin", tool).toRealPath();
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
        Map<String, String> env = Map.of(
                "PATH", bin.toString(),
                "JAVA_HOME", System.getProperty("java.home"),
                "TEJUN_HOME", temp.resolve("data").toString());
        String version = run(List.of(home.resolve("bin/tejun").toString(), "version"), env, temp)
                .strip();
        assertTrue(
                version.matches("tejun " + dirName.substring("tejun-".length()) + " \\(commit [0-9a-z]+\\)"), version);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path work = Files.createDirectories(temp.resolve("work"));
        Process server = start(
                List.of(
                        home.resolve("bin/tejun").toString(),
                        "serve",
                        "--port",
                        Integer.toString(port),
                        "--runbooks",
                        home.resolve("samples").toString()),
                env,
                work);
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            HttpResponse<String> health = null;
            while (System.nanoTime() < deadline && server.isAlive()) {
                try {
                    health = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertTrue(
                    health != null,
                    "the server from the archive did not answer: " + Files.readString(work.resolve("server.log")));
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains(dirName.substring("tejun-".length())), health.body());
            assertFalse(Files.exists(bin.resolve("mvn")));
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static Process start(List<String> command, Map<String, String> env, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("server.log").toFile());
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        return pb.start();
    }

    private static String run(List<String> command, Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }
}
