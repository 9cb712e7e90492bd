package dev.tejun.kernel.exec.ansible;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.hold.HoldPoint;
import dev.tejun.kernel.exec.remote.Batches;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostStatuses;
import dev.tejun.kernel.exec.remote.ToolRun;
import dev.tejun.kernel.secret.MaskingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code approve-after-first-batch=true} on an ansible cell. Ansible rolls a play out by itself ({@code serial:},
 * {@code max_fail_percentage:}), so Tejun does not batch around it, but Ansible cannot hold a run for an approver.
 * With {@code batch=N} (a count or a percentage: the canary) the playbook runs twice: first limited to the canary —
 * the first N of the hosts {@code ansible-playbook --list-hosts} names (the cell's {@code limit=} applied), in the
 * CMDB's order — then, once an approver lets it go on, limited to the rest, where the play's own {@code serial:} applies as
 * usual. A canary that fails ends the cell there; a rejection holds the rest back ({@code skipped}). Both runs (and
 * the wait between them) share the cell's one timeout: the executor hands each run what is left of it.
 */
final class AnsibleRollout {

    /** How the runs ended, and why the rest was held back (null if it was not). */
    record Done(ToolRun.Ending ending, String held) {}

    /** One ansible-playbook run of {@code command}, its output to {@code output}. */
    @FunctionalInterface
    interface Invocation {
        ToolRun.Ending run(List<String> command, Output output) throws IOException;
    }

    private static final Pattern HOSTS = Pattern.compile("^(\\s*)hosts \\(\\d+\\):\\s*$");

    private AnsibleRollout() {}

    /** The canary of the cell, or null when it asks for no hold point; other rolling attributes are refused. */
    static Batches read(CellSettings s) throws CellSettings.Refused {
        for (String rolling : List.of("max-fail", "pause-between")) {
            if (s.text(rolling).isPresent()) {
                throw new CellSettings.Refused(rolling + "= is for ssh and dialog cells: in a playbook, write the "
                        + "play's own serial: [1, \"25%\", \"100%\"] and max_fail_percentage:");
            }
        }
        if (!s.flag("approve-after-first-batch")) {
            if (s.text("batch").isPresent()) {
                throw new CellSettings.Refused("batch= on an ansible cell names the canary of "
                        + "approve-after-first-batch=true; to roll out in batches, write the play's own serial:");
            }
            return null;
        }
        Batches batches = Batches.read(s);
        if (batches.sizes().size() != 1) {
            throw new CellSettings.Refused("batch=" + s.text("batch").orElse("") + ": on an ansible cell give the "
                    + "canary only (batch=1 or batch=10%); the rest rolls out with the play's own serial:");
        }
        return batches;
    }

    static Done run(
            Invocation invoke,
            List<String> command,
            List<String> inventoryOrder,
            Batches canary,
            HoldPoint hold,
            CellRequest request,
            MaskingOutput output,
            EventTail tail)
            throws IOException {
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        ToolRun.Ending listed = invoke.run(withOption(command, "--list-hosts"), new Output() {
            @Override
            public void write(Stream stream, String host, byte[] data, int offset, int length) {
                listing.write(data, offset, length);
            }

            @Override
            public void result(String mime, String data) {}
        });
        String text = listing.toString(StandardCharsets.UTF_8);
        if (listed.exit() == null || listed.exit() != 0) {
            output.stderr(text);
            return new Done(listed, null);
        }
        // the CMDB's order, not the listing's (which Ansible does not keep stable): the canary is the same each run
        List<String> hosts = new ArrayList<>(hosts(text));
        hosts.sort(Comparator.comparingInt(
                h -> inventoryOrder.contains(h) ? inventoryOrder.indexOf(h) : Integer.MAX_VALUE));
        List<List<String>> split = canary.split(hosts);
        if (split.size() < 2) {
            return new Done(invoke.run(command, tail), null);
        }
        List<String> first = split.getFirst();
        List<String> rest = split.stream().skip(1).flatMap(List::stream).toList();
        output.stdout("batch 1/2: " + String.join(", ", first) + "\n");
        started(first, "batch 1/2", output);
        ToolRun.Ending ending = ended(invoke.run(limited(command, first), tail), first, "batch 1/2", tail, output);
        if (ending.exit() == null || ending.exit() != 0) {
            skip(rest, "the canary failed", output);
            return new Done(ending, null);
        }
        String report = "first batch done (" + String.join(", ", first) + ": " + tail.summary() + "), " + rest.size()
                + (rest.size() == 1 ? " more host waits" : " more hosts wait") + " for approval: "
                + String.join(", ", rest);
        HoldPoint.Answer answer = hold.await(request, output.mask(report), output);
        if (answer.ending() != null) {
            skip(rest, answer.ending(), output);
            return new Done(
                    new ToolRun.Ending(null, "stopped".equals(answer.ending()), "timed_out".equals(answer.ending())),
                    null);
        }
        if (answer.refusal() != null) {
            skip(rest, "rejected", output);
            output.stdout(answer.refusal() + "\n");
            return new Done(ending, answer.refusal());
        }
        output.stdout("batch 2/2: " + String.join(", ", rest) + "\n");
        started(rest, "batch 2/2", output);
        return new Done(ended(invoke.run(limited(command, rest), tail), rest, "batch 2/2", tail, output), null);
    }

    /** The hosts {@code --list-hosts} names, every play's, each once, in order. */
    static List<String> hosts(String listing) {
        Set<String> out = new LinkedHashSet<>();
        String indent = null;
        for (String line : listing.split("\n")) {
            var m = HOSTS.matcher(line);
            if (m.matches()) {
                indent = m.group(1);
                continue;
            }
            String name = line.strip();
            boolean deeper = indent != null && line.startsWith(indent + " ") && !name.isEmpty();
            if (deeper) {
                out.add(name);
            } else {
                indent = null;
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Each host of a batch named with its batch as the batch starts ("batch 1/2"), as ssh and dialog hosts are, so the
     * host strip and the evidence have every host's batch, not only the held-back one's; Ansible's own events for
     * the host follow.
     */
    private static void started(List<String> hosts, String label, Output output) {
        for (String host : hosts) {
            output.hostStatus(host, HostStatuses.RUNNING, label);
        }
    }

    /**
     * A batch's run that timed out or was stopped before Ansible reported some of its hosts (the cell's one timeout
     * may be used up by the wait for the approver): those hosts end as that, not left running.
     */
    private static ToolRun.Ending ended(
            ToolRun.Ending ending, List<String> hosts, String label, EventTail tail, Output output) {
        if (ending.timedOut() || ending.stopped()) {
            String status = ending.timedOut() ? HostStatuses.TIMED_OUT : HostStatuses.STOPPED;
            String why = label + ": the cell " + (ending.timedOut() ? "timed out" : "was stopped")
                    + " before Ansible reported this host";
            hosts.stream().filter(h -> !tail.reported(h)).forEach(h -> output.hostStatus(h, status, why));
        }
        return ending;
    }

    private static void skip(List<String> hosts, String why, Output output) {
        for (String host : hosts) {
            output.hostStatus(host, HostStatuses.SKIPPED, "not started: batch 2 of 2 held back (" + why + ")");
        }
    }

    /** {@code command} with {@code option} before its last word (the playbook). */
    private static List<String> withOption(List<String> command, String option) {
        List<String> out = new ArrayList<>(command);
        out.add(out.size() - 1, option);
        return out;
    }

    /** {@code command} limited to {@code hosts} (within the cell's own limit=, which --list-hosts applied). */
    private static List<String> limited(List<String> command, List<String> hosts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).equals("--limit") && i < command.size() - 2) {
                i++;
                continue;
            }
            out.add(command.get(i));
        }
        out.add(out.size() - 1, "--limit");
        out.add(out.size() - 1, String.join(",", hosts));
        return out;
    }
}
