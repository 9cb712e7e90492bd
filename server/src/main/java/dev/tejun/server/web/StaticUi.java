package dev.tejun.server.web;

import io.javalin.config.StaticFilesConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The notebook's files: the web-ui jar's {@code /web} folder at {@code /}, and the front-end libraries it
 * depends on as WebJars under {@code /webjars/}. Nothing is built or downloaded at run time.
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
        }
        files.enableWebjars();
    }
}
