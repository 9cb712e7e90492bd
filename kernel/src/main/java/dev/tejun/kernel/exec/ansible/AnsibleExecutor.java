package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryExport;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.cmdb.HostQuery;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostSecrets;
import dev.tejun.kernel.exec.remote.HostTargets;
import dev.tejun.kernel.exec.remote.Jumps;
import dev.tejun.kernel.exec.remote.ToolRun;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.secret.Masker;
import dev.tejun.kernel.secret.MaskingOutput;
import dev.tejun.kernel.template.AnsibleQuoting;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Runs one ansible cell: check its variables, build the workspace, run ansible-playbook, keep the evidence. */
final class AnsibleExecutor implements Executor {

    static final String PROGRAM = "ansible-playbook";
    /** Everything Ansible was given (secrets redacted), and what came back: the run's evidence, as Exastro keeps. */
    static final String INPUT_ZIP = "input.zip";

    static final String RESULT_ZIP = "result.zip";
    /** The copy of the playbook's folder in the workspace ({@link ProjectFolder}). */
    static final String PROJECT = "project";
    /** The name an inline playbook with {@code dir=} gets in the copy of that folder. */
    static final String INLINE_PLAYBOOK = ".tejun-playbook.yml";

    private static final ObjectMapper JSON = Json.MAPPER;

    private final CmdbStore cmdb;
    private final SessionContext session;
    private final Path runbooksDir;

    AnsibleExecutor(CmdbStore cmdb, SessionContext session, Path runbooksDir) {
        this.cmdb = cmdb;
        this.session = session;
        this.runbooksDir = runbooksDir;
    }

    /**
     * The playbook's text and the folder it runs in ({@link ProjectFolder}; null for an inline cell without
     * {@code dir=}), its file name there (null when inline), that folder's {@code ansible.cfg} (empty when none).
     */
    private record Playbook(String text, Path dir, String file, AnsibleConfig config) {}

    @Override
    public CellOutcome execute(CellRequest request, Output rawOutput) {
        if (Thread.currentThread().isInterrupted()) {
            return CellOutcome.stopped();
        }
        CellSettings s = new CellSettings(request.attributes());
        Path program = ToolRun.find(PROGRAM).orElse(null);
        if (program == null) {
            return CellOutcome.failed(
                    null,
                    PROGRAM + " is not on PATH: install ansible-core "
                            + "(Debian/Ubuntu: apt-get install ansible-core; elsewhere: pipx install ansible-core)");
        }
        Inventory inventory;
        HostSecrets secrets;
        GroupVars groupVars;
        Playbook playbook;
        List<String> args;
        Map<String, List<InventoryHost>> jumps = new TreeMap<>();
        String vaultPassword;
        String becomePassword;
        List<String> vaultValues;
        String varCheck;
        try {
            playbook = playbook(request, s);
            varCheck = s.text("var-check").orElse("refuse");
            if (!List.of("refuse", "warn", "off").contains(varCheck)) {
                throw new CellSettings.Refused("var-check=" + varCheck + " is not refuse, warn or off");
            }
            String unanswered = PlaybookVariables.prompts(playbook.text()).stream()
                    .filter(p -> !request.params().containsKey(p))
                    .collect(java.util.stream.Collectors.joining(", "));
            if (!unanswered.isEmpty()) {
                throw new CellSettings.Refused("the playbook's vars_prompt asks for " + unanswered + ": a cell cannot "
                        + "prompt; give the runbook params of the same name");
            }
            vaultPassword = Credentials.reveal(cmdb, s, "vault-password")
                    .map(String::strip)
                    .orElse(null);
            becomePassword = Credentials.reveal(cmdb, s, "become-password").orElse(null);
            vaultValues = vaultPassword == null
                    ? List.of()
                    : VaultSecrets.open(vaultPassword, playbook.text(), playbook.dir());
            String operation = s.text("operation").orElse(null);
            Inventory full = cmdb.inventory(operation);
            inventory = only(full, s.text("hosts").orElse(null), new HostQuery(cmdb, operation));
            for (InventoryHost host : inventory.hosts().values()) {
                List<InventoryHost> chain = Jumps.chain(full, host);
                if (!chain.isEmpty()) {
                    jumps.put(host.name(), chain);
                }
            }
            List<InventoryHost> revealed = new ArrayList<>(inventory.hosts().values());
            revealed.addAll(
                    Jumps.all(full, List.copyOf(inventory.hosts().values())).values());
            secrets = HostSecrets.reveal(cmdb, revealed);
            groupVars = GroupVars.read(cmdb, s.text("group-vars-from"));
            args = arguments(s);
        } catch (CellSettings.Refused e) {
            return CellOutcome.failed(null, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return CellOutcome.failed(null, "cannot prepare the playbook: " + e.getMessage());
        }
        List<String> secretValues = new ArrayList<>(secrets.values());
        secretValues.addAll(groupVars.secretValues());
        // The run's secret params too: the output reaching here is masked already, but the log, the events and
        // the extra vars kept in input.zip are written by this executor.
        secretValues.addAll(request.secrets());
        secretValues.addAll(vaultValues);
        if (becomePassword != null) {
            secretValues.add(becomePassword);
        }
        MaskingOutput masking = new MaskingOutput(rawOutput, secretValues);
        try {
            String refusal = varCheck.equals("off")
                    ? null
                    : checkVariables(
                            playbook,
                            inventory,
                            groupVars,
                            request.params(),
                            request.variables(),
                            varCheck.equals("warn"),
                            masking);
            if (refusal != null) {
                return CellOutcome.failed(null, refusal);
            }
            return run(
                    request,
                    s,
                    program,
                    args,
                    playbook,
                    new Inputs(inventory, secrets, groupVars, secretValues, jumps, vaultPassword, becomePassword),
                    rawOutput,
                    masking);
        } finally {
            masking.flush();
        }
    }

    private Playbook playbook(CellRequest request, CellSettings s) throws CellSettings.Refused, IOException {
        String path = s.text("playbook").orElse(null);
        String dirName = s.text("dir").orElse(null);
        if (path == null && dirName == null) {
            return new Playbook(request.code(), null, null, AnsibleConfig.empty());
        }
        String attribute = path != null ? "playbook=" + path : "dir=" + dirName;
        if (path != null && dirName != null) {
            throw new CellSettings.Refused("playbook= and dir= together: the playbook's folder is its own folder");
        }
        if (runbooksDir == null) {
            throw new CellSettings.Refused(attribute + ": this server has no runbooks folder to look in");
        }
        Path base = runbooksDir.toRealPath();
        Path named = base.resolve(path != null ? path : dirName).normalize();
        if (path != null && (!Files.isRegularFile(named) || !named.toRealPath().startsWith(base))) {
            throw new CellSettings.Refused(attribute + " is not a file in the runbooks folder");
        }
        if (path == null && (!Files.isDirectory(named) || !named.toRealPath().startsWith(base))) {
            throw new CellSettings.Refused(attribute + " is not a folder in the runbooks folder");
        }
        Path dir = path != null ? named.toRealPath().getParent() : named.toRealPath();
        Path cfg = dir.resolve("ansible.cfg");
        AnsibleConfig config = Files.isRegularFile(cfg)
                ? AnsibleConfig.read(cfg, base.relativize(cfg).toString())
                : AnsibleConfig.empty();
        return path != null
                ? new Playbook(
                        Files.readString(named),
                        dir,
                        named.toRealPath().getFileName().toString(),
                        config)
                : new Playbook(request.code(), dir, null, config);
    }

    /**
     * The inventory cut down to what the {@code hosts=} pattern selects ({@link HostTargets}: names, groups, globs,
     * exclusions, intersections, a CMDB query): a host outside it is not in the inventory Ansible gets, so no play
     * can touch it, and its secrets are never revealed. {@code limit=} still narrows further. A name that is
     * neither host nor group is refused, not ignored.
     */
    static Inventory only(Inventory inventory, String hostsAttribute, HostTargets.HostQuery query)
            throws CellSettings.Refused {
        if (hostsAttribute == null || hostsAttribute.isBlank()) {
            return inventory;
        }
        Map<String, InventoryHost> kept = new TreeMap<>();
        HostTargets.select(inventory, hostsAttribute, query).forEach(h -> kept.put(h.name(), h));
        Map<String, List<String>> groups = new TreeMap<>();
        inventory.groups().forEach((group, members) -> {
            List<String> left = members.stream().filter(kept::containsKey).toList();
            if (!left.isEmpty()) {
                groups.put(group, left);
            }
        });
        return new Inventory(inventory.operation(), kept, groups);
    }

    private static List<String> arguments(CellSettings s) throws CellSettings.Refused {
        for (String rolling : List.of("batch", "max-fail", "pause-between", "approve-after-first-batch")) {
            if (s.text(rolling).isPresent()) {
                // Ansible rolls out by itself, per play, and reports each batch in its own events: a second
                // batching around it would split one play's serial across several runs
                throw new CellSettings.Refused(rolling + "= is for ssh cells: in a playbook, write the play's own "
                        + "serial: [1, \"25%\", \"100%\"] and max_fail_percentage:");
            }
        }
        List<String> args = new ArrayList<>();
        if (s.flag("check")) {
            args.add("--check");
        }
        if (s.flag("check") || s.flag("diff")) {
            args.add("--diff");
        }
        int verbose = s.integer("verbose", 0, 0, 4);
        if (verbose > 0) {
            args.add("-" + "v".repeat(verbose));
        }
        if (s.flag("become")) {
            args.add("--become");
        }
        s.text("become-user").ifPresent(v -> args.addAll(List.of("--become-user", v)));
        s.text("limit").ifPresent(v -> args.addAll(List.of("--limit", v)));
        s.text("tags").ifPresent(v -> args.addAll(List.of("--tags", v)));
        s.text("skip-tags").ifPresent(v -> args.addAll(List.of("--skip-tags", v)));
        s.text("connection").ifPresent(v -> args.addAll(List.of("--connection", v)));
        args.addAll(List.of("--forks", Integer.toString(s.integer("forks", 10, 1, 1000))));
        return args;
    }

    /** The refusal when the playbook uses a variable that nobody defines; null when it may run. */
    private static String checkVariables(
            Playbook playbook,
            Inventory inventory,
            GroupVars groupVars,
            Map<String, String> params,
            Map<String, String> variables,
            boolean warnOnly,
            Output output) {
        PlaybookVariables.Report report;
        try {
            report = PlaybookVariables.read(playbook.text(), playbook.dir());
        } catch (IOException e) {
            return "the playbook is not valid YAML: " + e.getMessage();
        }
        Set<String> known = new TreeSet<>(params.keySet());
        known.addAll(variables.keySet());
        known.addAll(groupVars.names());
        for (InventoryHost h : inventory.hosts().values()) {
            known.addAll(InventoryExport.hostVars(h).keySet());
            known.addAll(h.secrets().keySet());
        }
        Set<String> missing = report.missing(known);
        if (missing.isEmpty()) {
            return null;
        }
        String text = "variables used by the playbook but defined by neither the CMDB, the params nor the playbook";
        String names = ": " + String.join(", ", missing);
        if (report.opaque() != null || warnOnly) {
            // not sure (the playbook loads variables we cannot see) or told to warn: say it and let Ansible judge
            output.stdout("warning: " + text + names
                    + (report.opaque() == null ? "" : " (not sure: " + report.opaque() + ")") + "\n");
            return null;
        }
        return text + " (var-check=warn runs it anyway)" + names;
    }

    /**
     * The run's params and the values the cell's text refers to by name ({@link AnsibleQuoting}); a param cannot
     * take the name of one of those.
     */
    private static Map<String, String> extraVars(CellRequest request) throws CellSettings.Refused {
        Map<String, String> all = new TreeMap<>(request.params());
        for (Map.Entry<String, String> v : request.variables().entrySet()) {
            if (all.put(v.getKey(), v.getValue()) != null) {
                throw new CellSettings.Refused("the param " + v.getKey() + " has the name of a value Tejun passes to "
                        + "the playbook: rename the param");
            }
        }
        return all;
    }

    /** What the CMDB gives one run: the inventory, the revealed secrets and the group variables. */
    private record Inputs(
            Inventory inventory,
            HostSecrets secrets,
            GroupVars groupVars,
            List<String> secretValues,
            Map<String, List<InventoryHost>> jumps,
            String vaultPassword,
            String becomePassword) {}

    private CellOutcome run(
            CellRequest request,
            CellSettings s,
            Path program,
            List<String> args,
            Playbook playbook,
            Inputs inputs,
            Output rawOutput,
            MaskingOutput masking) {
        Workspace ws;
        try {
            ws = Workspace.create(session.workDir(), request.runId(), request.cellId());
        } catch (IOException e) {
            return CellOutcome.failed(null, "cannot create the ansible workspace: " + e.getMessage());
        }
        CellOutcome outcome;
        try {
            outcome = runIn(ws, request, s, program, args, playbook, inputs, rawOutput, masking);
        } finally {
            finish(ws);
        }
        return outcome.withArtifacts(List.of(ws.path(INPUT_ZIP), ws.path(RESULT_ZIP)));
    }

    private CellOutcome runIn(
            Workspace ws,
            CellRequest request,
            CellSettings s,
            Path program,
            List<String> args,
            Playbook playbook,
            Inputs inputs,
            Output rawOutput,
            MaskingOutput masking) {
        try (OutputStream log = Files.newOutputStream(ws.path("ansible.log"))) {
            String policy = s.text("host-key-policy").orElse("strict");
            if (!policy.equals("strict") && !policy.equals("accept-new")) {
                return CellOutcome.failed(null, "host-key-policy=" + policy + " is not strict or accept-new");
            }
            // the cell cannot see the data folder: it works on a copy, whose new keys come back after the run
            KnownHostsCopy knownHosts =
                    KnownHostsCopy.into(SshExecutorFactory.knownHosts(session.dataDir()), ws.path("known_hosts"));
            String strict = policy.equals("strict") ? "yes" : "accept-new";
            Map<String, String> jumpArgs = ws.writeJumps(inputs.jumps(), inputs.secrets(), knownHosts.copy(), strict);
            ws.writeInventory(inputs.inventory(), inputs.secrets(), jumpArgs);
            ws.writeGroupVars(inputs.groupVars());
            ws.writeExtraVars(extraVars(request), Masker.of(inputs.secretValues()));
            Path playbookFile;
            Path cwd = ws.dir;
            if (playbook.dir() == null) {
                ws.writePlaybook(playbook.text());
                playbookFile = ws.path("playbook.yml");
            } else {
                // the playbook runs in a copy of its own folder, as ansible-playbook run there would
                cwd = ws.path(PROJECT);
                for (String note : ProjectFolder.copy(playbook.dir(), cwd)) {
                    masking.stdout("note: " + note + "\n");
                }
                playbookFile = cwd.resolve(playbook.file() == null ? INLINE_PLAYBOOK : playbook.file());
                if (playbook.file() == null) {
                    Files.writeString(playbookFile, playbook.text());
                }
            }
            Path config = playbook.dir() == null ? ws.path("ansible.cfg") : cwd.resolve("ansible.cfg");
            List<String> notes = ws.writeConfig(
                    config,
                    playbook.config(),
                    knownHosts.copy(),
                    strict,
                    s.text("forks").isPresent() ? s.integer("forks", 10, 1, 1000) : null);
            for (String note : notes) {
                masking.stdout("note: " + note + "\n");
            }
            Path rawEvents = Files.createDirectories(ws.path(".secrets")).resolve("events.jsonl");
            // the process's own streams are masked before the tee, so the log file never holds a secret either
            MaskingOutput logged = new MaskingOutput(new LogTee(rawOutput, log), inputs.secretValues());
            EventTail tail = new EventTail(rawEvents, ws.path("events.jsonl"), masking);
            List<String> command = new ArrayList<>(List.of(
                    program.toString(),
                    "-i",
                    ws.path("inventory.yml").toString(),
                    "-e",
                    "@" + ws.path("extra_vars.yml")));
            command.addAll(args);
            if (inputs.vaultPassword() != null) {
                command.addAll(List.of(
                        "--vault-password-file",
                        ws.secretFile("vault-password", inputs.vaultPassword()).toString()));
            }
            if (inputs.becomePassword() != null) {
                command.addAll(List.of(
                        "--become-password-file",
                        ws.secretFile("become-password", inputs.becomePassword())
                                .toString()));
            }
            command.add(playbookFile.toString());
            Map<String, String> env =
                    session.sandbox().environment(request.attributes(), request.env(), session.workDir());
            env.put("ANSIBLE_CONFIG", config.toString());
            env.put("TEJUN_ANSIBLE_EVENTS", rawEvents.toString());
            env.put("ANSIBLE_FORCE_COLOR", "0");
            env.put("ANSIBLE_NOCOLOR", "1");
            env.put("PYTHONUNBUFFERED", "1");
            tail.start();
            ToolRun.Ending ending;
            try {
                session.sandbox().handOver(ws.dir);
                ending = ToolRun.run(
                        session.sandbox(), session.workDir(), List.of(), command, cwd, env, request.timeout(), logged);
                if (policy.equals("accept-new")) {
                    List<String> reached = new ArrayList<>();
                    inputs.inventory()
                            .hosts()
                            .values()
                            .forEach(h -> reached.add(KnownHostsCopy.hostName(h.address(), h.sshPort())));
                    inputs.jumps()
                            .values()
                            .forEach(chain ->
                                    chain.forEach(b -> reached.add(KnownHostsCopy.hostName(b.address(), b.sshPort()))));
                    knownHosts.keepNewHosts(reached.stream().distinct().toList());
                }
            } finally {
                boolean interrupted = Thread.interrupted();
                tail.finish();
                logged.flush();
                masking.flush();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            masking.stdout(tail.summary() + "\n");
            Files.writeString(ws.path("recap.json"), masking.mask(String.valueOf(tail.stats())));
            return outcome(ending, tail, request);
        } catch (IOException | UncheckedIOException | CellSettings.Refused | IllegalArgumentException e) {
            return CellOutcome.failed(null, "ansible workspace: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CellOutcome.stopped();
        }
    }

    private static CellOutcome outcome(ToolRun.Ending ending, EventTail tail, CellRequest request) {
        if (ending.stopped()) {
            return CellOutcome.stopped();
        }
        if (ending.timedOut()) {
            return CellOutcome.timedOut(request.timeout());
        }
        if (ending.exit() == 0) {
            return CellOutcome.ok(0, tail.summary());
        }
        List<String> bad = tail.tally().bad();
        return CellOutcome.failed(
                ending.exit(),
                "ansible-playbook exit code " + ending.exit() + (bad.isEmpty() ? "" : ": " + String.join(", ", bad)));
    }

    /** Secrets go first, whatever happened; then the evidence zips of what remains. */
    private static void finish(Workspace ws) {
        try {
            ws.removeSecrets();
            ws.zip(
                    INPUT_ZIP,
                    List.of(
                            "ansible.cfg",
                            "inventory.yml",
                            Workspace.SSH_CONFIG,
                            "host_vars",
                            "group_vars",
                            "extra_vars.yml",
                            "playbook.yml",
                            "callback_plugins",
                            PROJECT));
            ws.zip(RESULT_ZIP, List.of("ansible.log", "events.jsonl", "recap.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the ansible workspace " + ws.dir, e);
        }
    }

    /** Passes everything on and keeps the plain log (the cell's own streams, not the host panes) in a file. */
    private record LogTee(Output target, OutputStream log) implements Output {
        @Override
        public void write(Stream stream, String host, byte[] data, int offset, int length) {
            target.write(stream, host, data, offset, length);
            if (host == null) {
                try {
                    synchronized (log) {
                        log.write(data, offset, length);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void result(String mime, String data) {
            target.result(mime, data);
        }

        @Override
        public void hostStatus(String host, String status, String detail) {
            target.hostStatus(host, status, detail);
        }
    }
}
