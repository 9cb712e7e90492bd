package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.exec.hold.HoldPoint;
import dev.tejun.kernel.exec.remote.Batches;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostSecrets;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    private final HoldPoint hold;

    AnsibleExecutor(CmdbStore cmdb, SessionContext session, Path runbooksDir, HoldPoint hold) {
        this.cmdb = cmdb;
        this.session = session;
        this.runbooksDir = runbooksDir;
        this.hold = hold;
    }

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
        CmdbInputs in;
        CmdbScope scope;
        Playbook playbook;
        List<String> args;
        Batches canary;
        RunPasswords passwords;
        String varCheck;
        FactsInto facts;
        try {
            playbook = Playbook.of(request, s, runbooksDir);
            varCheck = VariableCheck.mode(s, playbook, request.params());
            passwords = RunPasswords.reveal(cmdb, s, playbook.text(), playbook.dir());
            scope = CmdbScope.of(request, cmdb);
            in = CmdbInputs.read(cmdb, s, scope);
            args = arguments(s);
            canary = AnsibleRollout.read(s);
            facts = FactsInto.of(cmdb, s);
            if (canary != null && !hold.available()) {
                throw new CellSettings.Refused(
                        "approve-after-first-batch=true needs someone to approve: run it in the notebook or a flow");
            }
        } catch (CellSettings.Refused e) {
            return CellOutcome.failed(null, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return CellOutcome.failed(null, "cannot prepare the playbook: " + e.getMessage());
        }
        List<String> secretValues = new ArrayList<>(in.secrets().values());
        secretValues.addAll(in.groupVars().secretValues());
        // The run's secret params too: the output reaching here is masked already, but the log, the events and
        // the extra vars kept in input.zip are written by this executor.
        secretValues.addAll(request.secrets());
        secretValues.addAll(passwords.secretValues());
        MaskingOutput masking = new MaskingOutput(rawOutput, secretValues);
        if (scope.scoped()) {
            masking.stderr(scope.evidenceLine());
        }
        try {
            String refusal = varCheck.equals("off")
                    ? null
                    : VariableCheck.refusal(
                            playbook,
                            in.inventory(),
                            in.groupVars(),
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
                    new Inputs(
                            in.inventory(), in.secrets(), in.groupVars(), secretValues, in.jumps(), passwords, facts),
                    rawOutput,
                    masking,
                    canary);
        } finally {
            masking.flush();
        }
    }

    private static List<String> arguments(CellSettings s) throws CellSettings.Refused {
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

    /**
     * What the CMDB gives one run: the inventory, the revealed secrets and the group variables; and what it takes
     * back ({@code facts}: {@code into=}, or null).
     */
    private record Inputs(
            Inventory inventory,
            HostSecrets secrets,
            GroupVars groupVars,
            List<String> secretValues,
            Map<String, List<InventoryHost>> jumps,
            RunPasswords passwords,
            FactsInto facts) {}

    private CellOutcome run(
            CellRequest request,
            CellSettings s,
            Path program,
            List<String> args,
            Playbook playbook,
            Inputs inputs,
            Output rawOutput,
            MaskingOutput masking,
            Batches canary) {
        Workspace ws;
        try {
            ws = Workspace.create(session.workDir(), request.runId(), request.cellId());
        } catch (IOException e) {
            return CellOutcome.failed(null, "cannot create the ansible workspace: " + e.getMessage());
        }
        CellOutcome outcome;
        try {
            outcome = runIn(ws, request, s, program, args, playbook, inputs, rawOutput, masking, canary);
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
            MaskingOutput masking,
            Batches canary) {
        try (OutputStream log = Files.newOutputStream(ws.path("ansible.log"))) {
            String policy = s.text("host-key-policy").orElse("strict");
            if (!policy.equals("strict") && !policy.equals("accept-new")) {
                return CellOutcome.failed(null, "host-key-policy=" + policy + " is not strict or accept-new");
            }
            // the cell cannot see the data folder: it works on a copy, whose new keys come back after the run
            KnownHostsCopy knownHosts =
                    KnownHostsCopy.into(SshExecutorFactory.knownHosts(session.dataDir()), ws.path("known_hosts"));
            String strict = policy.equals("strict") ? "yes" : "accept-new";
            Map<String, String> jumpArgs =
                    BastionConfig.write(ws, inputs.jumps(), inputs.secrets(), knownHosts.copy(), strict);
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
            List<String> notes = AnsibleCfgMerge.write(
                    ws.dir,
                    config,
                    playbook.config(),
                    knownHosts.copy(),
                    strict,
                    s.text("forks").isPresent() ? s.integer("forks", 10, 1, 1000) : null);
            for (String note : notes) {
                masking.stdout("note: " + note + "\n");
            }
            // the process's own streams are masked before the tee, so the log file never holds a secret either
            MaskingOutput logged = new MaskingOutput(new LogTee(rawOutput, log), inputs.secretValues());
            // our plugin's events come in Ansible's stdout, each where Ansible printed it; the tail takes them out
            EventTail tail = new EventTail(logged, ws.path("events.jsonl"), masking);
            List<String> command = new ArrayList<>(List.of(
                    program.toString(),
                    "-i",
                    ws.path("inventory.yml").toString(),
                    "-e",
                    "@" + ws.path("extra_vars.yml")));
            command.addAll(args);
            command.addAll(inputs.passwords().arguments(ws));
            command.add(playbookFile.toString());
            Map<String, String> env =
                    session.sandbox().environment(request.attributes(), request.env(), session.workDir());
            env.put("ANSIBLE_CONFIG", config.toString());
            env.put(EventTail.MARK_VARIABLE, tail.mark());
            if (inputs.facts() != null) {
                env.put(EventTail.FACTS_VARIABLE, inputs.facts().names());
            }
            env.put("ANSIBLE_FORCE_COLOR", "0");
            env.put("ANSIBLE_NOCOLOR", "1");
            env.put("PYTHONUNBUFFERED", "1");
            ToolRun.Ending ending;
            String held = null;
            Path dir = cwd;
            // Ansible's warnings and errors (stderr) where it wrote them among its task lines (stdout), by default
            boolean merged = s.mergedStreams();
            // one timeout for the cell: a held rollout's runs (and the wait for the approver) share it
            long deadline = request.timeout() == null
                    ? Long.MAX_VALUE
                    : System.nanoTime() + request.timeout().toNanos();
            AnsibleRollout.Invocation invoke = (cmd, out) -> {
                Duration left = deadline == Long.MAX_VALUE ? null : Duration.ofNanos(deadline - System.nanoTime());
                return left != null && !left.isPositive()
                        ? new ToolRun.Ending(null, false, true)
                        : ToolRun.run(
                                session.sandbox(), session.workDir(), List.of(), cmd, dir, env, left, merged, out);
            };
            try {
                session.sandbox().handOver(ws.dir);
                if (canary == null) {
                    ending = invoke.run(command, tail);
                } else {
                    AnsibleRollout.Done done = AnsibleRollout.run(
                            invoke,
                            command,
                            List.copyOf(inputs.inventory().hosts().keySet()),
                            canary,
                            hold,
                            request,
                            logged,
                            tail);
                    ending = done.ending();
                    held = done.held();
                }
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
                tail.finish();
                logged.flush();
                masking.flush();
            }
            masking.stdout(tail.summary() + "\n");
            Files.writeString(ws.path("recap.json"), masking.mask(String.valueOf(tail.stats())));
            CellOutcome ran = held != null ? CellOutcome.failed(null, held) : outcome(ending, tail, request);
            return inputs.facts() == null ? ran : inputs.facts().store(ran, tail, request, masking);
        } catch (IOException | UncheckedIOException | CellSettings.Refused | IllegalArgumentException e) {
            return CellOutcome.failed(null, "ansible workspace: " + e.getMessage());
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
                            BastionConfig.SSH_CONFIG,
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
}
