package dev.tejun.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.jar.Manifest;

/**
 * The version and the Git commit this build was made from, as the server jar's manifest records them ({@code
 * Implementation-Version}, {@code Tejun-Commit}); "dev" and "unknown" when running from classes (an IDE, a test).
 */
public final class BuildInfo {

    private BuildInfo() {}

    public static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static String commit() {
        // the manifest of the jar this class came from, not the first one on the class path
        var source = BuildInfo.class.getProtectionDomain().getCodeSource();
        if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
            return "unknown";
        }
        try (InputStream in = new java.net.URI("jar:" + source.getLocation() + "!/META-INF/MANIFEST.MF")
                .toURL()
                .openStream()) {
            String c = new Manifest(in).getMainAttributes().getValue("Tejun-Commit");
            return c == null || c.isBlank() ? "unknown" : c;
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }
}
