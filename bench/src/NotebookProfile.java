// Where the 500-cell notebook's time goes (issue 17), for profiling by hand, not a figure: opens the same runbook as
// UiBench N+1 times in headless Chromium and prints, per load, the moment it is interactive, when cells were drawn,
// the socket opened and Run all was enabled, when each WebSocket was made, opened and first heard from, every long
// animation frame (with its scripts and forced layout), the page's own performance marks/measures, and each
// resource's start, request sent, first and last byte, size and protocol. MANY=1 puts 5,000 runbooks beside it. To
// compare two web-ui builds, put the other web-ui jar (or its resources folder) first on the class path. Usage (after bench/ui has built):
//   java -cp "$(ls server/target/tejun-server-*.jar | grep -v tests):server/target/test-classes:$(cat server/target/bench-classpath-test.txt)" \
//     bench/src/NotebookProfile.java [runs]
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.SignedInNotebook;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.WebDriverWait;

public class NotebookProfile {
    static final String PROBE = """
        (function(){ if (!location.pathname.endsWith('/notebook.html')) return;
          window.__long=[]; const W=window.WebSocket; window.__ws=[]; window.WebSocket=function(u,p){const w=new W(u,p); const rec={t0:Math.round(performance.now())}; window.__ws.push(rec); w.addEventListener('open',()=>rec.open=Math.round(performance.now())); w.addEventListener('message',()=>{if(!rec.msg) rec.msg=Math.round(performance.now());}); return w;}; window.WebSocket.prototype=W.prototype; try { new PerformanceObserver(l=>{for(const e of l.getEntries()) window.__long.push({start:Math.round(e.startTime),dur:Math.round(e.duration),render:Math.round(e.renderStart-e.startTime),layout:Math.round(e.styleAndLayoutStart-e.startTime),scripts:e.scripts.map(s=>[s.invoker,s.sourceFunctionName,(s.sourceURL||'').split('/').pop(),Math.round(s.duration),Math.round(s.forcedStyleAndLayoutDuration)])});}).observe({type:'long-animation-frame',buffered:true}); } catch(e){}
          const ready = () => document.querySelectorAll('[data-cell-id]').length >= 250
                && document.getElementById('connection')?.dataset.state === 'open'
                && document.getElementById('run-all')?.disabled === false;
          const marks={};
          (function poll(){ const n=document.querySelectorAll('[data-cell-id]').length; if(n>0&&!marks.cells) marks.cells=performance.now();
            if(document.getElementById('connection')?.dataset.state==='open'&&!marks.open) marks.open=performance.now();
            if(document.getElementById('run-all')?.disabled===false&&!marks.enabled) marks.enabled=performance.now();
            window.__marks=marks;
            if (ready()) window.__interactiveAt = performance.now(); else requestAnimationFrame(poll); })();
        })();""";
    public static void main(String[] a) throws Exception {
        Path tmp = Files.createTempDirectory("nbprof");
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        StringBuilder big = new StringBuilder("# Five hundred cells\n\n");
        for (int i = 0; i < 250; i++) big.append("Step ").append(i).append(": check the disk of the host.\n\n```sh {#c").append(i).append("}\ndf -h / | tail -1\n```\n\n");
        Files.writeString(runbooks.resolve("big.md"), big);
        if (System.getenv("MANY") != null) {
            Path many = Files.createDirectories(runbooks.resolve("many"));
            String[] words = {"patch", "restart", "backup", "rotate", "deploy", "check"};
            for (int i = 0; i < 5000; i++) Files.writeString(many.resolve("rb-" + i + ".md"), "---\ntitle: " + words[i % words.length] + " web " + i + "\n---\n# Runbook " + i + "\n");
        }
        int runs = a.length > 0 ? Integer.parseInt(a[0]) : 4;
        try (SignedInNotebook nb = SignedInNotebook.start(tmp, runbooks, "bench", EnumSet.of(Role.VIEWER, Role.OPERATOR, Role.EDITOR), "/index.html")) {
            var b = nb.browser(); JavascriptExecutor js = (JavascriptExecutor) b;
            ((HasCdp) b).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
            WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(120));
            for (int r = 0; r <= runs; r++) {
                b.get(nb.server().baseUrl() + "/notebook.html?runbook=big.md");
                wait.until(d -> js.executeScript("return window.__interactiveAt") != null);
                Object out = js.executeScript("""
                  const n = performance.getEntriesByType('navigation')[0];
                  const res = performance.getEntriesByType('resource').map(e => [e.name.replace(location.origin,''), Math.round(e.startTime), Math.round(e.requestStart), Math.round(e.responseStart), Math.round(e.responseEnd), e.transferSize, e.nextHopProtocol]);
                  return JSON.stringify({ws: window.__ws, at: Math.round(window.__interactiveAt), marks: window.__marks, nav: {resp: Math.round(n.responseEnd), domInteractive: Math.round(n.domInteractive), dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd)}, long: window.__long, res, user: performance.getEntriesByType('mark').map(m=>[m.name,Math.round(m.startTime)]).concat(performance.getEntriesByType('measure').map(m=>[m.name,Math.round(m.startTime),Math.round(m.duration)]))});""");
                System.out.println("RUN " + r + " load " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + "\n" + out);
            }


        }
    }
}
