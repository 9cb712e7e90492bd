package dev.tejun.kernel.exec.sandbox;

import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way a cell's process is started, so that it cannot reach the control plane.
 *
 * <p>{@link Mode#BWRAP}: under bubblewrap, with a read-only view of the system, the data folder ({@code TEJUN_HOME}:
 * database, keys, audit head, evidence, other sessions' work folders) covered by an empty tmpfs and only this
 * session's work folder (and the paths a cell is given, such as its Terraform workspace) bound back read-write,
 * a private /tmp, a new PID namespace (a fresh /proc: the server's process and its environment are not there, and
 * nothing the cell started outlives it), its own session, and the network shared (cells reach hosts; the JShell
 * agent dials the server on loopback). As root, bubblewrap sets the mounts up and {@code setpriv} then drops to the
 * cell user with no groups, no capabilities and no-new-privs: bubblewrap's own {@code --uid} only maps ids inside a
 * user namespace, where files outside would still be accessed as root.
 *
 * <p>{@link Mode#USER}: where namespaces are not available, only the switch to the cell user; the data folder's
 * modes (0700/0600, with 0711 on the folders a cell must pass through) keep it out.
 *
 * <p>{@link Mode#NONE}: the server's own user, only the environment scrubbed; a warning says so at start.
 *
 * <p>Every mode scrubs the environment: a cell gets PATH, HOME (its work folder), LANG, LC_*, TZ, TERM, what its
 * request carries ({@code TEJUN_PARAM_*}, the executor's own settings) and the server variables it names in an
 * {@code env=} attribute, never the server's {@code TEJUN_*} (the admin password among them) ({@link CellEnvironment}).
 * The bubblewrap command line is {@link BwrapCommand}'s, the data folder's modes {@link CellFiles}'.
 */
public final class CellSandbox {

    /** How far cells are kept from the server. */
    public enum Mode {
        BWRAP,
        USER,
        NONE
    }

    public static final String MODE_ENV = "TEJUN_CELL_SANDBOX";
    public static final String USER_ENV = "TEJUN_CELL_USER";
    public static final String DEFAULT_USER = "tejun-cell";
    /**
     * {@code off} starts every shell cell in a sandbox of its own instead of in its session's {@link Zygote};
     * {@code direct} starts each zygote as a Python process of its own instead of forking it from the server's
     * {@link ZygoteForker} (both for comparing; the forked zygote is the default under bubblewrap).
     */
    public static final String ZYGOTE_ENV = "TEJUN_CELL_ZYGOTE";
    /** Debian's Python, which runs the zygote: a PATH lookup could find a shim the cell user cannot read. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /**
     * The holder of a forked zygote's sandbox: prints a line once bubblewrap has set the sandbox up and runs it,
     * then waits for its stdin, which the server never writes, to end.
     */
    private static final List<String> HOLDER = List.of("/bin/cat", "/proc/self/stat", "-");
    /** Where the holder starts: it runs without capabilities, so it could not enter the cell user's work folder. */
    private static final Path ROOT = Path.of("/");

    private static final System.Logger LOG = System.getLogger(CellSandbox.class.getName());
    /** Whether a fork has failed (said once). */
    private static final AtomicBoolean FORK_FAILED = new AtomicBoolean();
    /** Generous: fifty sessions starting at once on two busy cores took more than 10 s. */
    private static final Duration ZYGOTE_START = Duration.ofSeconds(30);
    /** The attribute a cell names the server variables it needs with: {@code env="AWS_PROFILE KUBECONFIG"}. */
    public static final String ENV_ATTRIBUTE = "env";

    private final Mode mode;
    private final CellUser user;
    private final Path dataDir;
    private final String warning;
    private final CellEnvironment environment;
    private final BwrapCommand bwrap;
    private final Machine machine;
    private final boolean zygotes;
    /** Whether zygotes are forked from the {@link ZygoteForker} (else each starts Python on its own). */
    private final boolean forked;

    private final CellFiles files;

    private CellSandbox(
            Mode mode, CellUser user, Path dataDir, String warning, Map<String, String> serverEnv, Machine machine) {
        this.mode = mode;
        this.user = user;
        this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
        this.warning = warning;
        this.environment = new CellEnvironment(serverEnv, user);
        this.bwrap = new BwrapCommand(machine, this.dataDir, user);
        this.machine = machine;
        this.files = new CellFiles(user, this.dataDir);
        String zygote = serverEnv.getOrDefault(ZYGOTE_ENV, "").strip().toLowerCase(Locale.ROOT);
        this.zygotes = mode == Mode.BWRAP && !"off".equals(zygote) && Files.isExecutable(PYTHON);
        this.forked = !"direct".equals(zygote);
    }

    private CellSandbox(CellSandbox same, boolean zygotes) {
        this.mode = same.mode;
        this.user = same.user;
        this.dataDir = same.dataDir;
        this.warning = same.warning;
        this.environment = same.environment;
        this.bwrap = same.bwrap;
        this.machine = same.machine;
        this.files = same.files;
        this.zygotes = zygotes;
        this.forked = same.forked;
    }

    /**
     * The same sandbox, each shell cell started in one of its own rather than in a session's {@link Zygote}: for a
     * session that runs one shell cell and ends, where a sandbox process would serve that one cell only (it costs
     * about as much CPU again as the cell's own sandbox).
     */
    public CellSandbox withoutZygotes() {
        return zygotes ? new CellSandbox(this, false) : this;
    }

    /** The JVM option that stands for {@code TEJUN_CELL_SANDBOX} when set ({@code -Dtejun.cell.sandbox=none}). */
    public static final String MODE_PROPERTY = "tejun.cell.sandbox";

    /**
     * As {@code TEJUN_CELL_SANDBOX} (or the JVM option {@link #MODE_PROPERTY}) and {@code TEJUN_CELL_USER} in the
     * server's environment say.
     */
    public static CellSandbox configured(Path dataDir) {
        String property = System.getProperty(MODE_PROPERTY);
        if (property == null) {
            return from(System.getenv(), dataDir);
        }
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put(MODE_ENV, property);
        return from(env, dataDir);
    }

    /**
     * @param env {@code TEJUN_CELL_SANDBOX}: {@code auto} (the default: bwrap where it works, else the cell user,
     *            else none), {@code bwrap}, {@code user} or {@code none}; {@code TEJUN_CELL_USER}: the account
     *            ({@code tejun-cell}); the rest is the server environment cells may name in {@code env=}
     * @throws IllegalArgumentException for a mode that is none of those
     */
    public static CellSandbox from(Map<String, String> env, Path dataDir) {
        String wanted = env.getOrDefault(MODE_ENV, "").strip().toLowerCase(Locale.ROOT);
        String name = Optional.ofNullable(env.get(USER_ENV))
                .filter(s -> !s.isBlank())
                .orElse(DEFAULT_USER)
                .strip();
        Machine machine = Machine.get();
        Optional<CellUser> account = machine.root() ? Machine.account(name) : Optional.empty();
        String why = !machine.root()
                ? "the server does not run as root, so it cannot start cells as " + name
                : account.isEmpty()
                        ? "there is no account " + name + " (create it: useradd --system --user-group "
                                + "--no-create-home --shell /usr/sbin/nologin " + name + ")"
                        : null;
        return switch (wanted) {
            case "", "auto", "bwrap" -> {
                if (machine.bwrap() == null) {
                    String lost = "bubblewrap (bwrap) is not installed or cannot make namespaces here";
                    yield account.isPresent()
                            ? new CellSandbox(
                                    Mode.USER,
                                    account.get(),
                                    dataDir,
                                    lost + ": cells run as " + name
                                            + " without namespaces; they see other sessions' work folders",
                                    env,
                                    machine)
                            : none(dataDir, lost + " and " + why, env, machine);
                }
                yield new CellSandbox(
                        Mode.BWRAP,
                        account.orElse(null),
                        dataDir,
                        why == null
                                ? null
                                : why + ": cells run inside bubblewrap as the server's user"
                                        + (machine.root() ? " without capabilities" : ""),
                        env,
                        machine);
            }
            case "user" ->
                account.isPresent()
                        ? new CellSandbox(
                                Mode.USER,
                                account.get(),
                                dataDir,
                                MODE_ENV + "=user: cells run as " + name
                                        + " without namespaces; they see other sessions' work folders",
                                env,
                                machine)
                        : none(dataDir, why, env, machine);
            case "none" -> none(dataDir, MODE_ENV + "=none", env, machine);
            default ->
                throw new IllegalArgumentException(MODE_ENV + "=" + wanted + " is not one of auto, bwrap, user, none");
        };
    }

    /**
     * What a server or a {@code tejun run} does once at start: reads the configuration (a wrong mode stops the start
     * here), gives the data folder its safe modes, and prints the warning where isolation is weaker than asked.
     */
    public static CellSandbox atStart(Path dataDir, PrintStream err) throws IOException {
        CellSandbox sandbox = configured(dataDir);
        sandbox.guardDataFolder();
        sandbox.warning().ifPresent(w -> err.println("tejun: WARNING: " + w));
        if (sandbox.mode == Mode.USER && dataDir != null && Files.isDirectory(dataDir)) {
            // without namespaces nothing can be bound in: cells must pass every folder to their work folder
            for (Path d = dataDir.toAbsolutePath().normalize().getParent(); d != null; d = d.getParent()) {
                if (!CellFiles.lets(sandbox.user, d, false)) {
                    err.println("tejun: WARNING: cells cannot reach their work folders in " + dataDir + ": " + d
                            + " does not let the cell user " + sandbox.user.name() + " pass; move TEJUN_HOME (and"
                            + " the runbooks) to a folder it can pass, or install bubblewrap");
                    break;
                }
            }
        }
        return sandbox;
    }

    private static CellSandbox none(Path dataDir, String why, Map<String, String> env, Machine machine) {
        return new CellSandbox(
                Mode.NONE,
                null,
                dataDir,
                why + ". CELLS ARE NOT ISOLATED: they run as the server's"
                        + " user and can read and rewrite its data folder (database, keys, audit log, evidence)",
                env,
                machine);
    }

    public Mode mode() {
        return mode;
    }

    /** What a person starting the server should know (isolation weaker than bwrap with a cell user), if anything. */
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** The account cells run as, or empty when they run as the server's user. */
    public Optional<String> runsAs() {
        return Optional.ofNullable(user).map(CellUser::name);
    }

    /** The first executable of that name on the server's PATH, or in /usr/bin, /bin. */
    public static Optional<Path> program(String name) {
        return Machine.find(name);
    }

    /**
     * The environment of a cell, its HOME in {@code home} ({@link CellEnvironment#of}): the basics, the server
     * variables its {@code env=} attribute names, and {@code cellEnv} (its request's: {@code TEJUN_PARAM_*} and the
     * like).
     *
     * @throws IllegalArgumentException when {@code env=} names something a cell may not have
     */
    public Map<String, String> environment(Attributes attributes, Map<String, String> cellEnv, Path home) {
        return environment.of(attributes, cellEnv, home);
    }

    /**
     * A process builder for {@code command}, not yet started: the caller sets its redirects.
     *
     * @param cwd        where the command starts (inside {@code workFolder} or a bound path)
     * @param workFolder the session's work folder: the one folder of the data folder the cell sees, read-write
     * @param env        the whole environment, from {@link #environment}
     * @param binds      further files and folders the cell needs read-write (its script, its Terraform state)
     * @param readOnly   folders outside the data folder the cell sees read-only, even where the system's view hides
     *                   them (under {@code /tmp}): the runbook's own folder a shell cell starts in
     * @param ownGroup   start through {@code setsid} where that is what makes a group (see {@link #groups}), so
     *                   that {@code ProcessGroup} can signal it
     */
    public ProcessBuilder builder(
            List<String> command,
            Path cwd,
            Path workFolder,
            Map<String, String> env,
            List<Path> binds,
            List<Path> readOnly,
            boolean ownGroup)
            throws IOException {
        List<String> line = sandboxed(cwd, workFolder, binds, readOnly, ownGroup, true);
        line.addAll(command);
        return process(line, cwd, env);
    }

    /**
     * The holder of a forked zygote's sandbox ({@link #HOLDER}): the sandbox {@link #builder} makes for {@code work}
     * and {@code readOnly}, the holder in it running as the server's user without capabilities (it runs nothing of a
     * cell's; the zygote drops to the cell user itself).
     */
    private ProcessBuilder holder(Path work, List<Path> readOnly, Map<String, String> env) throws IOException {
        List<String> line = sandboxed(ROOT, work, List.of(), readOnly, false, false);
        line.addAll(HOLDER);
        return process(line, ROOT, env);
    }

    /** The command line in front of a sandboxed command ({@link #builder}), as the cell user when {@code asCellUser}. */
    private List<String> sandboxed(
            Path cwd, Path workFolder, List<Path> binds, List<Path> readOnly, boolean ownGroup, boolean asCellUser)
            throws IOException {
        Files.createDirectories(workFolder);
        List<Path> visible = new ArrayList<>();
        visible.add(workFolder.toAbsolutePath().normalize());
        binds.forEach(b -> visible.add(b.toAbsolutePath().normalize()));
        for (Path p : visible) {
            files.giveAway(p);
        }
        if (mode == Mode.USER) {
            guardDataFolder();
        }
        List<String> line = new ArrayList<>();
        if (ownGroup && groups()) {
            line.add(machine.setsid().toString());
        }
        if (mode == Mode.BWRAP) {
            line.addAll(bwrap.args(cwd, visible, readOnly, user == null || !asCellUser));
        }
        if (user != null && asCellUser) {
            line.addAll(List.of(
                    machine.setpriv() == null ? "setpriv" : machine.setpriv().toString(),
                    "--reuid=" + user.uid(),
                    "--regid=" + user.gid(),
                    "--clear-groups",
                    "--no-new-privs",
                    "--inh-caps=-all"));
        }
        return line;
    }

    private static ProcessBuilder process(List<String> line, Path cwd, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(line).directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
    }

    /**
     * Starts a process {@link #builder} made. Always this way, never {@code builder.start()}: the process is started
     * from a thread that outlives it, as bubblewrap's {@code --die-with-parent} needs ({@link Spawner}).
     */
    public static Process start(ProcessBuilder builder) throws IOException {
        return Spawner.start(builder);
    }

    /**
     * Whether a session's shell cells run in one long-lived sandbox, its {@link Zygote}: under bubblewrap, where
     * {@code /usr/bin/python3} is, unless {@link #ZYGOTE_ENV} is {@code off}.
     */
    public boolean zygotes() {
        return zygotes;
    }

    /**
     * Starts a session's zygote: the same sandbox as {@link #builder} makes for one cell of {@code workFolder}
     * (and {@code readOnly}), around a process that forks the session's cells inside it.
     *
     * @throws IOException when it cannot start; the message says why
     */
    public Zygote zygote(Path workFolder, List<Path> readOnly) throws IOException {
        Path work = workFolder.toAbsolutePath().normalize();
        Map<String, String> env = environment(Attributes.NONE, Map.of(), work);
        if (forked) {
            try {
                ProcessBuilder holder = holder(work, readOnly, env);
                return ZygoteForker.of(PYTHON).zygote(holder, user, env, work, readOnly, ZYGOTE_START);
            } catch (IOException e) {
                if (!FORK_FAILED.getAndSet(true)) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "a session's sandbox process could not be forked (" + e.getMessage()
                                    + "); it starts on its own, as zygotes whose fork fails will",
                            e);
                }
            }
        }
        ProcessBuilder builder = builder(ZygoteScript.command(PYTHON), work, work, env, List.of(), readOnly, false);
        return Zygote.start(builder, ZygoteScript.forPython(PYTHON), work, readOnly, ZYGOTE_START);
    }

    /**
     * Whether {@code ownGroup} in {@link #builder} will really start a new process group. Under bwrap there is no
     * need (and one exec less, a few ms of every cell): the PID namespace holds every process of the cell, even one
     * that left the cell's session, and ends with bubblewrap, which dies with the process Java started.
     */
    public boolean groups() {
        return mode != Mode.BWRAP && machine.setsid() != null;
    }

    /**
     * Why the cell user cannot start in {@code dir}, or null when it can ({@link CellFiles#closed}): under bubblewrap
     * only {@code dir}'s own mode counts, the folders on the way being made passable.
     */
    public String closed(Path dir) throws IOException {
        return files.closed(dir, mode == Mode.BWRAP);
    }

    /**
     * Hands everything under {@code root} to the cell user (files the server wrote for the cell, such as an
     * Ansible work folder and its 0600 secret files), so that the cell, and only it, can read them.
     */
    public void handOver(Path root) throws IOException {
        files.handOver(root);
    }

    /** Safe modes for the data folder, so that nothing of it is readable by the cell user ({@link CellFiles#guard}). */
    public void guardDataFolder() throws IOException {
        files.guard(mode == Mode.USER);
    }
}
