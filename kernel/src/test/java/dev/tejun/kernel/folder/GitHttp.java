package dev.tejun.kernel.folder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: Git's own smart HTTP server ({@code git http-backend}) behind a small Python HTTP server on 127.0.0.1
 * that lets in only HTTP basic auth with one user and token, as a Git host takes an access token.
 */
public final class GitHttp implements AutoCloseable {

    private static final String SERVER = """
            import base64, os, subprocess, sys
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            root, user, token = sys.argv[1], sys.argv[2], sys.argv[3]
            expected = 'Basic ' + base64.b64encode(f'{user}:{token}'.encode()).decode()
            class Handler(BaseHTTPRequestHandler):
                protocol_version = 'HTTP/1.0'
                def serve(self):
                    if self.headers.get('Authorization') != expected:
                        self.send_response(401)
                        self.send_header('WWW-Authenticate', 'Basic realm="git"')
                        self.end_headers()
                        return
                    path, _, query = self.path.partition('?')
                    length = int(self.headers.get('Content-Length') or 0)
                    body = self.rfile.read(length) if length else b''
                    env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL='1', PATH_INFO=path,
                               QUERY_STRING=query, REQUEST_METHOD=self.command, REMOTE_USER=user,
                               CONTENT_TYPE=self.headers.get('Content-Type') or '', CONTENT_LENGTH=str(len(body)),
                               HTTP_CONTENT_ENCODING=self.headers.get('Content-Encoding') or '')
                    out = subprocess.run(['git', 'http-backend'], input=body, env=env, capture_output=True).stdout
                    head, _, rest = out.partition(b'\\r\\n\\r\\n')
                    status = 200
                    headers = []
                    for line in head.decode().split('\\r\\n'):
                        k, _, v = line.partition(': ')
                        if k.lower() == 'status':
                            status = int(v.split()[0])
                        elif k:
                            headers.append((k, v))
                    self.send_response(status)
                    for k, v in headers:
                        self.send_header(k, v)
                    self.send_header('Content-Length', str(len(rest)))
                    self.end_headers()
                    self.wfile.write(rest)
                do_GET = serve
                do_POST = serve
                def log_message(self, *args):
                    pass
            server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """;

    private final Process process;
    private final int port;

    private GitHttp(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Serves the repositories under {@code root} to {@code user} with {@code token} only. */
    public static GitHttp start(Path root, String user, String token) throws IOException {
        Path script = root.resolve("git-http.py");
        Files.writeString(script, SERVER);
        Process p = new ProcessBuilder(List.of("python3", script.toString(), root.toString(), user, token))
                .redirectError(root.resolve("git-http.err").toFile())
                .start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            p.destroyForcibly();
            throw new IOException(
                    "the Git HTTP server did not start: " + Files.readString(root.resolve("git-http.err")));
        }
        return new GitHttp(p, Integer.parseInt(line.strip()));
    }

    /** {@code http://127.0.0.1:PORT/NAME}. */
    public String url(String name) {
        return "http://127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
