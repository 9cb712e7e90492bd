package dev.tejun.kernel.exec.dialog;

import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.kernel.exec.remote.TestHosts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: the console of a network device as operators script it (a banner, {@code Username:},
 * {@code Password:} without echo, a {@code sw>} prompt, {@code show running-config} paged with {@code --More--}),
 * a bash script run behind a real sshd ({@code ForceCommand}, on a pseudo-terminal) or a real telnetd (Debian's
 * inetutils-telnetd, {@code -E} in place of login, started per connection by a one-shot listener).
 */
final class Device implements AutoCloseable {

    private final Process listener;
    private final int port;

    private Device(Process listener, int port) {
        this.listener = listener;
        this.port = port;
    }

    /** Writes the console script into {@code dir}; it accepts {@code password} only. */
    static Path console(Path dir, String password) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("console.sh");
        Files.writeString(script, """
                #!/bin/bash
                echo "TJ-Switch 9000 - authorised access only"
                printf "Username: "; read -r user
                printf "Password: "; stty -echo 2>/dev/null; read -r pass; stty echo 2>/dev/null; echo
                if [ "$pass" != '%s' ]; then echo "%% Login invalid"; exit 1; fi
                echo "hello $user"
                while true; do
                  printf "sw> "
                  read -r cmd || exit 0
                  case "$cmd" in
                    "show version") echo "TJ-OS Version 9.4(2), serial TJ$(( ${#user} * 1000 + 7 ))";;
                    "show running-config")
                      for i in $(seq 1 25); do
                        echo "interface Gi0/$i"
                        if [ $((i %% 10)) -eq 0 ]; then printf -- "--More--"; read -rsn1 _; printf "\\r        \\r"; fi
                      done
                      echo "end";;
                    enable) echo "%% enable is not allowed here";;
                    exit) echo "bye"; exit 0;;
                    "") ;;
                    *) echo "%% Unknown command: $cmd";;
                  esac
                done
                """.formatted(password.replace("'", "'\\''")));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /**
     * For an {@link SshdHosts} sshd whose every login runs the console (the key logs in; the console asks its own
     * password, {@link TestHosts#DB_PASSWORD}): {@code @SshdHosts(value = 2, setup = Device.Console.class)}.
     */
    static final class Console implements SshdHosts.Setup {

        @Override
        public void prepare(Path folder) throws IOException {
            Path console = console(folder.resolve("console"), TestHosts.DB_PASSWORD);
            Files.writeString(folder.resolve("extra_config"), "ForceCommand " + console + "\n");
        }
    }

    /** telnetd for every connection to {@code address} on a free port. */
    static Device telnetd(Path dir, String address, Path console) throws IOException {
        return telnetd(dir, address, console, null);
    }

    /** As {@link #telnetd(Path, String, Path)}, inside the network namespace {@code namespace} (null: the test's). */
    static Device telnetd(Path dir, String address, Path console, String namespace) throws IOException {
        Path listen = dir.resolve("listen.py");
        Files.writeString(listen, """
                import os, signal, socket, sys
                signal.signal(signal.SIGCHLD, signal.SIG_IGN)
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind((sys.argv[1], 0))
                s.listen(16)
                print(s.getsockname()[1], flush=True)
                while True:
                    c, _ = s.accept()
                    if os.fork() == 0:
                        s.close()
                        for fd in (0, 1, 2):
                            os.dup2(c.fileno(), fd)
                        os.execv(sys.argv[2], sys.argv[2:])
                    c.close()
                """);
        List<String> command = new ArrayList<>();
        if (namespace != null) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(
                List.of("python3", listen.toString(), address, "/usr/sbin/telnetd", "-h", "-E", console.toString()));
        Process p = new ProcessBuilder(command)
                .redirectError(dir.resolve("listen.err").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            p.destroyForcibly();
            throw new IOException("the telnet listener did not start: " + Files.readString(dir.resolve("listen.err")));
        }
        return new Device(p, Integer.parseInt(line.strip()));
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        listener.descendants().forEach(ProcessHandle::destroy);
        listener.destroy();
        listener.waitFor(5, TimeUnit.SECONDS);
    }
}
