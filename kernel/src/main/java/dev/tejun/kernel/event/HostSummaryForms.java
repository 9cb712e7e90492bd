package dev.tejun.kernel.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The English a fan-out cell (ssh, dialog) ends with: its hosts counted by state, then the hosts that did not end
 * well ({@code "2 ok, 1 failed: web3 failed"}, or {@code "no hosts"}), as the remote executors' host tally words it.
 * Recognised here so that a reader sees it in their language (the server's codes, the evidence report's words) while
 * the message itself stays as recorded, as {@link FailureForms} does for the other endings. Ansible's endings have
 * their own forms: its recap summed over the hosts ({@code "3 hosts: ok=3 changed=0 … ignored=0"}, {@link #recap}) and
 * a failed playbook with the hosts that did not end well ({@code "ansible-playbook exit code 2: web3 failed"},
 * {@link #playbookExit}).
 */
public final class HostSummaryForms {

    /** The end states of a host, as the summary words them. */
    public static final List<String> STATES =
            List.of("ok", "changed", "failed", "unreachable", "timed out", "skipped", "stopped");

    private static final String STATE = String.join("|", STATES);
    private static final String COUNTS = "\\d+ (?:" + STATE + ")(?:, \\d+ (?:" + STATE + "))*";
    private static final String HOSTS = "\\S+ (?:" + STATE + ")(?:, \\S+ (?:" + STATE + "))*";
    private static final Pattern SUMMARY =
            Pattern.compile("(?<counts>" + COUNTS + ")(?:: (?<hosts>" + HOSTS + "))?|(?<none>no hosts)");
    private static final Pattern ITEM = Pattern.compile("(?<value>\\S+) (?<state>" + STATE + ")");

    /** One item of a list: a count or a host name, and the state it has. */
    public record Item(String value, String state) {
        /** The state as a word of a key: {@code timed-out}. */
        public String key() {
            return state.replace(' ', '-');
        }
    }

    /** A summary recognised: the counts (empty for "no hosts") and the hosts that did not end well (maybe none). */
    public record Summary(List<Item> counts, List<Item> hosts) {}

    /** Ansible's recap counts, in the order and with the names its closing line gives them. */
    public static final List<String> RECAP =
            List.of("ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored");

    private static final Pattern RECAP_LINE = Pattern.compile("(?<hosts>\\d+) hosts?:"
            + String.join(
                    "", RECAP.stream().map(n -> " " + n + "=(?<" + n + ">\\d+)").toList()));
    private static final Pattern PLAYBOOK_EXIT =
            Pattern.compile("ansible-playbook exit code (?<code>-?\\d+)(?:: (?<hosts>" + HOSTS + "))?");

    /** Ansible's closing line recognised: how many hosts, and each recap count by its name, in {@link #RECAP}'s order. */
    public record Recap(long hosts, Map<String, Long> counts) {}

    /** A failed playbook recognised: its exit code and the hosts that did not end well (maybe none). */
    public record PlaybookExit(String code, List<Item> hosts) {}

    private HostSummaryForms() {}

    public static Optional<Recap> recap(String message) {
        Matcher m = message == null ? null : RECAP_LINE.matcher(message);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        RECAP.forEach(n -> counts.put(n, Long.parseLong(m.group(n))));
        return Optional.of(new Recap(Long.parseLong(m.group("hosts")), counts));
    }

    public static Optional<PlaybookExit> playbookExit(String message) {
        Matcher m = message == null ? null : PLAYBOOK_EXIT.matcher(message);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new PlaybookExit(m.group("code"), items(m.group("hosts"))));
    }

    public static Optional<Summary> match(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = SUMMARY.matcher(message);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group("none") != null) {
            return Optional.of(new Summary(List.of(), List.of()));
        }
        return Optional.of(new Summary(items(m.group("counts")), items(m.group("hosts"))));
    }

    private static List<Item> items(String list) {
        List<Item> items = new ArrayList<>();
        if (list != null) {
            for (String item : list.split(", ")) {
                Matcher m = ITEM.matcher(item);
                if (m.matches()) { // the summary's pattern made every item of this form
                    items.add(new Item(m.group("value"), m.group("state")));
                }
            }
        }
        return List.copyOf(items);
    }
}
