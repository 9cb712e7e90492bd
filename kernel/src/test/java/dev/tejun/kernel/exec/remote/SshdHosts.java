package dev.tejun.kernel.exec.remote;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test fixture: a real sshd ({@link Sshd}) acting as {@link #value()} hosts, started in a fresh folder before the
 * class's tests (and before its own {@code @BeforeAll} methods) and stopped after them, for a static field:
 *
 * <pre>{@code
 * @SshdHosts(3)
 * static Sshd sshd;
 * }</pre>
 *
 * <p>A {@link #setup()} prepares the server's folder before it starts (an {@code extra_config} that runs a device's
 * console on every login, say).
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SshdHosts.Starter.class)
public @interface SshdHosts {

    /** How many loopback addresses (hosts) the server listens on. */
    int value();

    /** Whether the server also accepts password logins ({@link Sshd#start(Path, int, boolean)}). */
    boolean passwords() default false;

    /** What goes into the server's folder before it starts; made with its no-argument constructor. */
    Class<? extends Setup> setup() default Setup.class;

    /** Prepares an sshd's folder before the server starts; the interface itself prepares nothing. */
    interface Setup {
        default void prepare(Path folder) throws Exception {}
    }

    /** Starts the sshd of every {@code @SshdHosts} static field of the test class, and stops them after its tests. */
    final class Starter implements BeforeAllCallback, AfterAllCallback {

        private static final ExtensionContext.Namespace HERE = ExtensionContext.Namespace.create(Starter.class);

        /** What one class started: the servers and their folders, to stop and remove after its tests. */
        private record Started(List<Sshd> servers, List<Path> folders) {}

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            Started started = new Started(new ArrayList<>(), new ArrayList<>());
            context.getStore(HERE).put(context.getRequiredTestClass(), started);
            for (Field field : context.getRequiredTestClass().getDeclaredFields()) {
                SshdHosts hosts = field.getAnnotation(SshdHosts.class);
                if (hosts == null) {
                    continue;
                }
                if (!Modifier.isStatic(field.getModifiers()) || field.getType() != Sshd.class) {
                    throw new IllegalStateException("@SshdHosts goes on a static Sshd field, not on " + field);
                }
                Path folder = Files.createTempDirectory("tejun-sshd-");
                started.folders().add(folder);
                if (hosts.setup() != Setup.class) {
                    var made = hosts.setup().getDeclaredConstructor();
                    made.setAccessible(true); // a test package's own class, not public
                    made.newInstance().prepare(folder);
                }
                Sshd sshd = Sshd.start(folder, hosts.value(), hosts.passwords());
                started.servers().add(sshd);
                field.setAccessible(true);
                field.set(null, sshd);
            }
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            Started started = context.getStore(HERE).remove(context.getRequiredTestClass(), Started.class);
            if (started == null) {
                return;
            }
            for (Sshd sshd : started.servers()) {
                sshd.close();
            }
            for (Path folder : started.folders()) {
                delete(folder);
            }
        }

        private static void delete(Path folder) throws IOException {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
