package dev.tejun.server;

import dev.tejun.kernel.event.FailureForms;
import dev.tejun.kernel.event.HostSummaryForms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stable codes for the refusals an operator meets most (a role missing, a param the runbook refuses, a busy session,
 * a closed maintenance window, a held lock, a CMDB value refused, a sign-in refused, a thing that is not there) and
 * for how a cell or run ended ({@link FailureForms}: the kernel's forms), so that the browser shows them in the page's
 * language: an error body carries {@code codes} beside its English {@code error}, each {@code {code, args}}, and the
 * web pages turn each into the text of the catalogue key {@code error.CODE} (docs/i18n.md).
 *
 * <p>The English texts are made in many places (kernel, CMDB store, server); their forms are recognised here, in one
 * place, rather than threading a code through each. A message of several refusals joined by {@code "; "} has a code
 * per part; a message any part of which is not recognised gets no codes and shows in English as before.
 * {@code ErrorCodesTest} makes each refusal happen for real and checks its code, so a changed English form fails it.
 * An arg may also be a list of codes (the hosts of an ssh cell's summary), which the pages join in their language.
 */
public final class ErrorCodes {

    /** One recognised refusal: its catalogue code and the values its text names (an arg may be a Coded itself). */
    public record Coded(String code, Map<String, Object> args) {}

    private record Form(String code, Pattern pattern) {}

    /** Words before a refusal that say only that it is one (the page's notice says so already). */
    private static final List<String> PREFIXES = List.of("refused: ", "WebSocket refused: ");

    /** Args whose text is itself a refusal of a known form (a window's reason, a CMDB value's). */
    private static final List<String> NESTED = List.of("reason");

    /** Forms that hold "; " inside: matched against the whole message. */
    private static final List<Form> WHOLE = List.of(
            form(
                    "run.busy",
                    "busy: run (?<run>\\S+(?: \\(queued\\))?) has not finished on this session; nothing was"
                            + " queued\\. Send queue: true to queue another run after it"),
            form(
                    "window.closed",
                    "(?<target>.+?) may not start now: (?<reason>.+?); next allowed at (?<next>\\S+)"
                            + "\\. An approver can grant an override: .*"),
            form(
                    "window.closed-for-now",
                    "(?<target>.+?) may not start now: (?<reason>.+?)" + "\\. An approver can grant an override: .*"),
            form(
                    "lock.refused",
                    "lock (?<lock>.+) is held and (?<runbook>.+) says lock-policy: refuse; run it again"
                            + " once that run ended"),
            form("lock.held", "lock (?<lock>.+) is held; (?<runbook>.+) was not started \\(asked not to wait\\)"),
            form(
                    "signin.locked-user",
                    "sign-in locked for user (?<user>.+) after (?<count>\\d+) failed attempts; try again in"
                            + " (?<minutes>\\d+) minutes"),
            form(
                    "signin.locked-address",
                    "sign-in locked for address (?<address>.+) after (?<count>\\d+) failed attempts; try again in"
                            + " (?<minutes>\\d+) minutes"),
            form(
                    "signin.slowed-user",
                    "too many failed sign-ins for user (?<user>.+); wait (?<seconds>\\d+) s before trying again"),
            form(
                    "signin.slowed-address",
                    "too many failed sign-ins for address (?<address>.+); wait (?<seconds>\\d+) s before trying"
                            + " again"),
            form("signin.sso-busy", "too many sign-ins are under way; try again in a few minutes"));

    /** Forms of one refusal, several of which may be joined by "; ". */
    private static final List<Form> REFUSALS = List.of(
            form("role.needed", "needs role (?<role>[\\w-]+)"),
            form("role.required", "(?<what>.+) requires role (?<role>[\\w-]+)"),
            form(
                    "approval.four-eyes",
                    "four eyes: (?<starter>.+) started this run and may not approve it \\(approver-not-starter\\)"),
            form("signin.needed", "sign in first"),
            form("param.unknown", "unknown param '(?<name>[^']*)' \\(declared: (?<declared>.*)\\)"),
            form("param.unknown-none", "unknown param '(?<name>[^']*)' \\(the runbook declares none\\)"),
            form("param.missing", "missing param '(?<name>[^']*)'"),
            form("param.one-of", "param '(?<name>[^']*)' must be one of (?<allowed>.+?)(?:, not '(?<given>.*)')?"),
            form("param.boolean", "param '(?<name>[^']*)' must be true or false(?:, not '(?<given>.*)')?"),
            form("param.integer", "param '(?<name>[^']*)' must be an integer(?:, not '(?<given>.*)')?"),
            form("param.number", "param '(?<name>[^']*)' must be a number(?:, not '(?<given>.*)')?"),
            form("window.freeze", "inside freeze (?<name>.+) until (?<until>\\S+)"),
            form("window.outside", "outside the maintenance windows (?<names>.+)"),
            form("cmdb.values", "(?<count>\\d+) values refused"),
            form("cmdb.value", "(?<sheet>\\S+) row (?<row>\\S+) column (?<column>\\S+): (?<reason>.+)"),
            form("cmdb.row", "(?<sheet>\\S+) row (?<row>\\S+): (?<reason>.+)"),
            form("cmdb.required", "required"),
            form("cmdb.unknown-column", "unknown column"),
            form("cmdb.secret-mask", "give the secret itself, not the mask"),
            form("cmdb.not-one-of", "'(?<value>.*)' is not one of (?<allowed>.+)"),
            form("cmdb.line-breaks", "line breaks are not allowed \\(use a TEXT column\\)"),
            form("cmdb.too-long", "longer than (?<max>\\d+) characters"),
            form("cmdb.pattern", "'(?<value>.*)' does not match (?<pattern>.+)"),
            form("cmdb.not-integer", "'(?<value>.*)' is not a whole number"),
            form("cmdb.not-number", "'(?<value>.*)' is not a number"),
            form("cmdb.below-min", "(?<value>\\S+) is below the minimum (?<min>\\S+)"),
            form("cmdb.above-max", "(?<value>\\S+) is above the maximum (?<max>\\S+)"),
            form("cmdb.not-boolean", "'(?<value>.*)' is not true or false"),
            form("cmdb.not-date", "'(?<value>.*)' is not a date like 2026-01-31"),
            form("cmdb.not-date-time", "'(?<value>.*)' is not a date-time(?: with zone like 2026-01-31T12:00:00Z)?"),
            form("cmdb.bad-host", "'(?<host>.*)' is not a valid host name"),
            form("cmdb.unknown-host", "host '(?<host>.*)' is not in the hosts sheet"),
            form("cmdb.no-row", "no current row '(?<value>.*)' in sheet (?<sheet>\\S+)"),
            form("cmdb.duplicate-row", "duplicate: row id=(?<id>\\d+) already has this host and operation"),
            form("cmdb.duplicate-value", "duplicate: row id=(?<id>\\d+) already has this value"),
            form("cmdb.bad-operation", "operation must be 1-100 characters without leading or trailing blanks"),
            form("signin.wrong", "wrong user name or password"),
            form("signin.cross-site", "cross-site sign-in refused"),
            form("signin.password-off", "sign-in with a password is off here: use single sign-on"),
            form("password.current-wrong", "the current password is wrong"),
            form("user.self-disable", "you cannot disable yourself"),
            form("user.self-delete", "you cannot delete yourself"),
            form("user.bad-name", "not a valid user name"),
            form("settings.time-zone", "unknown time zone (?<zone>.+)"),
            form("missing.runbook", "no runbook (?<name>.+)"),
            form("runbook.referred-move", "runbook (?<name>.+?) cannot be moved: (?<by>.+) refer to it"),
            form("runbook.referred-delete", "runbook (?<name>.+?) cannot be deleted: (?<by>.+) refer to it"),
            form("runbook.exists", "runbook (?<name>.+) already exists"),
            form("missing.run-here", "no run (?<run>\\S+) is going on in this server"),
            form("missing.run", "no run (?<run>\\S+)"),
            form("missing.schedule", "no schedule (?<id>.+)"),
            form("missing.user", "no user (?<name>.+)"),
            form("missing.token", "no token (?<id>.+)"),
            form("missing.flow-instance", "no flow instance (?<id>\\S+)"),
            form("missing.flow", "no flow (?<name>.+)"));

    /** The forms above, then the endings of cells and runs (the notebook shows those in its socket's events). */
    private static final List<Form> PARTS = Stream.concat(
                    REFUSALS.stream(), FailureForms.ALL.stream().map(f -> new Form(f.code(), f.pattern())))
            .toList();

    private ErrorCodes() {}

    private static Form form(String code, String regex) {
        return new Form(code, Pattern.compile(regex, Pattern.DOTALL));
    }

    /** Every code this class can answer (each has its {@code error.CODE} key in the pages' catalogues). */
    public static Set<String> codes() {
        Set<String> codes = new TreeSet<>();
        WHOLE.forEach(f -> codes.add(f.code()));
        PARTS.forEach(f -> codes.add(f.code()));
        codes.addAll(List.of(
                "hosts.summary",
                "hosts.summary-bad",
                "hosts.none",
                "hosts.count",
                "hosts.host",
                "hosts.recap",
                "hosts.playbook-exit",
                "hosts.playbook-exit-bad"));
        HostSummaryForms.STATES.forEach(state -> codes.add(state(state).code()));
        return codes;
    }

    /** The codes of {@code message}, one per refusal it joins; empty when any part has no known form. */
    public static List<Coded> of(String message) {
        if (message == null || message.isBlank()) {
            return List.of();
        }
        String text = message;
        for (String prefix : PREFIXES) {
            if (text.startsWith(prefix)) {
                text = text.substring(prefix.length());
            }
        }
        Optional<HostSummaryForms.Summary> hosts = HostSummaryForms.match(text);
        if (hosts.isPresent()) {
            return List.of(hosts(hosts.get()));
        }
        Optional<HostSummaryForms.Recap> recap = HostSummaryForms.recap(text);
        if (recap.isPresent()) {
            return List.of(recap(recap.get()));
        }
        Optional<HostSummaryForms.PlaybookExit> exit = HostSummaryForms.playbookExit(text);
        if (exit.isPresent()) {
            return List.of(playbookExit(exit.get()));
        }
        Optional<Coded> whole = match(WHOLE, text);
        if (whole.isPresent()) {
            return List.of(whole.get());
        }
        List<Coded> parts = new ArrayList<>();
        for (String part : text.split("; ")) {
            Optional<Coded> one = match(PARTS, part);
            if (one.isEmpty()) {
                return List.of();
            }
            parts.add(one.get());
        }
        return List.copyOf(parts);
    }

    /**
     * How a fan-out cell ended: {@code hosts.summary} (or {@code -bad}, or {@code hosts.none}) whose {@code counts} and
     * {@code hosts} are lists of {@code hosts.count} / {@code hosts.host}, each state a {@code host-status.*} code.
     */
    private static Coded hosts(HostSummaryForms.Summary summary) {
        if (summary.counts().isEmpty()) {
            return new Coded("hosts.none", Map.of());
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("counts", items(summary.counts(), "hosts.count", "count"));
        if (summary.hosts().isEmpty()) {
            return new Coded("hosts.summary", args);
        }
        args.put("hosts", items(summary.hosts(), "hosts.host", "host"));
        return new Coded("hosts.summary-bad", args);
    }

    /**
     * How an ansible cell ended well: {@code hosts.recap} whose {@code count} is the hosts (a number, so the pages
     * choose its plural) and whose other args are Ansible's recap counts by their names.
     */
    private static Coded recap(HostSummaryForms.Recap recap) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("count", recap.hosts());
        args.putAll(recap.counts());
        return new Coded("hosts.recap", args);
    }

    /** A failed playbook: {@code hosts.playbook-exit} (or {@code -bad}, with its {@code hosts} as in a summary). */
    private static Coded playbookExit(HostSummaryForms.PlaybookExit exit) {
        if (exit.hosts().isEmpty()) {
            return new Coded("hosts.playbook-exit", Map.of("code", exit.code()));
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("code", exit.code());
        args.put("hosts", items(exit.hosts(), "hosts.host", "host"));
        return new Coded("hosts.playbook-exit-bad", args);
    }

    private static List<Coded> items(List<HostSummaryForms.Item> items, String code, String name) {
        return items.stream()
                .map(i -> new Coded(code, Map.of(name, i.value(), "status", state(i.state()))))
                .toList();
    }

    private static Coded state(String state) {
        return new Coded("host-status." + state.replace(' ', '-'), Map.of());
    }

    private static Optional<Coded> match(List<Form> forms, String text) {
        for (Form f : forms) {
            Matcher m = f.pattern().matcher(text);
            if (m.matches()) {
                return Optional.of(new Coded(f.code(), args(f, m)));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> args(Form f, Matcher m) {
        Map<String, Object> args = new LinkedHashMap<>();
        FailureForms.args(f.pattern(), m).forEach((name, value) -> {
            Optional<Coded> nested = NESTED.contains(name) ? match(PARTS, value) : Optional.empty();
            args.put(name, nested.<Object>map(c -> c).orElse(value));
        });
        return args;
    }
}
