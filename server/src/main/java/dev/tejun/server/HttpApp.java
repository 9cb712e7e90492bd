package dev.tejun.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.cmdb.ExcelHandler;
import dev.tejun.server.edge.Forwarding;
import dev.tejun.server.edge.Tls;
import dev.tejun.server.edge.Transport;
import dev.tejun.server.metrics.ServerMetrics;
import dev.tejun.server.web.StaticUi;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;

/**
 * The HTTP side of the server, not yet started: where it listens (the configured port, HTTPS there when a key is
 * given, plus the plain port that redirects to it), the edge's checks and the request timing around every route,
 * the static UI and the route table.
 */
final class HttpApp {

    private HttpApp() {}

    /**
     * @param tls    the server's key, or null for plain HTTP
     * @param onStop closed once Jetty has stopped (features with threads of their own)
     */
    static Javalin create(
            ServerConfig config,
            ObjectMapper json,
            Tls tls,
            Transport transport,
            ServerMetrics metrics,
            Routes.Handlers handlers,
            List<Runnable> onStop) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jsonMapper(new JavalinJackson(json, true));
            Forwarding forwarding = new Forwarding(config.settings().trustedProxies());
            cfg.jetty.modifyHttpConfiguration(http -> http.addCustomizer(forwarding));
            if (tls != null) {
                // the first connector is the one app.port() reports: HTTPS on the configured port
                cfg.jetty.addConnector((server, http) -> tls.connector(server, http, config.host(), config.port()));
                if (config.settings().redirectPort() >= 0) {
                    cfg.jetty.addConnector((server, http) -> Tls.plainConnector(
                            server, http, config.host(), config.settings().redirectPort()));
                }
            }
            onStop.forEach(closer -> cfg.events.serverStopped(closer::run));
            cfg.routes.before(transport::before);
            cfg.routes.before(metrics::started);
            cfg.routes.after(metrics::finished);
            cfg.routes.after(transport::after);
            ExcelHandler.limitUploads(cfg.jetty.multipartConfig);
            StaticUi.configure(cfg.staticFiles);
            Routes.install(cfg.routes, handlers);
        });
    }
}
