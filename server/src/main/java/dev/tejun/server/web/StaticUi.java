package dev.tejun.server.web;

import io.javalin.config.StaticFilesConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The notebook's files: the web-ui jar's {@code /web} folder at {@code /}, and the front-end libraries it
 * depends on as WebJars under {@code /webjars/}; the web folder again under its versioned names ({@link WebAssets}). Nothing is built or downloaded at run time.
 */
public final class StaticUi {

    static final String FOLDER = "/web";

    private StaticUi() {}

    public static void configure(StaticFilesConfig files) {
        // Javalin refuses to start with a classpath folder that does not exist; a server built without the
        // web-ui resources still serves the API.
        if (StaticUi.class.getResource(FOLDER) != null) {
            files.add(f -> {
                f.hostedPath = "/";
                f.directory = FOLDER;
                f.location = Location.CLASSPATH;
            });
            // the same files under their versioned names, which the pages use (WebAssets)
            files.add(f -> {
                f.hostedPath = WebAssets.prefix();
                f.directory = FOLDER;
                f.location = Location.CLASSPATH;
                f.headers = Map.of("Cache-Control", WebAssets.CACHE);
            });
        }
        files.enableWebjars();
    }
}
