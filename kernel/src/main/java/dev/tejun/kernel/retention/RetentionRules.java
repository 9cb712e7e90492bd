package dev.tejun.kernel.retention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The retention policies of {@code retention.yaml}: a default, and one per folder ({@code ops/}) or runbook
 * ({@code ops/patch.md}); the longest name that covers a runbook wins. Without a file nothing is ever pruned.
 *
 * <pre>
 * default: { keep-days: 365 }
 * rules:
 *   ops/: { keep-runs: 100 }
 *   ops/db/backup.md: { keep: forever }
 * archive: true          # pack pruned output into DATA/archive/evidence-YYYYMMDD.zip before removing it
 * ledger: { keep-days: 30 }   # event ledger rows and schedule history
 * every: 24h             # the server prunes this often (omitted: only when asked)
 * </pre>
 *
 * @param ledgerKeepDays null: the database's ledger rows are kept
 * @param every          null: no scheduled prune
 */
public record RetentionRules(
        Policy fallback, Map<String, Policy> rules, boolean archive, Integer ledgerKeepDays, Duration every) {

    public static final String FILE = "retention.yaml";

    /** No file: everything kept, nothing scheduled. */
    public static final RetentionRules KEEP_ALL = new RetentionRules(Policy.FOREVER, Map.of(), false, null, null);

    /**
     * How long one runbook's runs keep their output: a run is kept while it is one of the newest {@code keepRuns}
     * of its runbook, or younger than {@code keepDays}; {@code forever} keeps every run.
     */
    public record Policy(Integer keepDays, Integer keepRuns, boolean forever) {
        public static final Policy FOREVER = new Policy(null, null, true);

        /** Whether the {@code newest}-th run (0: the newest) of a runbook, started at {@code startedAt}, is kept. */
        public boolean keeps(int newest, Instant startedAt, Instant now) {
            if (forever) {
                return true;
            }
            boolean byCount = keepRuns != null && newest < keepRuns;
            boolean byAge =
                    keepDays != null && (startedAt == null || startedAt.isAfter(now.minus(Duration.ofDays(keepDays))));
            return byCount || byAge;
        }

        /** As written in the file, for reports and the audit log. */
        public String describe() {
            if (forever) {
                return "keep: forever";
            }
            List<String> parts = new ArrayList<>();
            if (keepDays != null) {
                parts.add("keep-days: " + keepDays);
            }
            if (keepRuns != null) {
                parts.add("keep-runs: " + keepRuns);
            }
            return String.join(", ", parts);
        }
    }

    public RetentionRules {
        rules = Map.copyOf(rules);
    }

    /** The policy of {@code runbook} (a path in the runbooks folder): the longest rule naming it or a folder above. */
    public Policy policyOf(String runbook) {
        String best = null;
        for (String name : rules.keySet()) {
            boolean covers = name.endsWith("/") ? runbook.startsWith(name) : runbook.equals(name);
            if (covers && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        return best == null ? fallback : rules.get(best);
    }

    /** The rules of {@code file}, or {@link #KEEP_ALL} when there is none. */
    public static RetentionRules load(Path file) throws IOException {
        return Files.isRegularFile(file) ? parse(Files.readString(file)) : KEEP_ALL;
    }

    /** Parses the file's text; a mistake is an {@link IllegalArgumentException} naming the key and what is allowed. */
    public static RetentionRules parse(String yaml) {
        JsonNode root;
        try {
            root = Json.STRICT_YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(FILE + " is not valid YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return KEEP_ALL;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(FILE + ": expected a mapping of default, rules, archive, ledger, every");
        }
        onlyKeys(root, Set.of("default", "rules", "archive", "ledger", "every"), FILE);
        Policy fallback = root.has("default") ? policy(root.get("default"), "default") : Policy.FOREVER;
        Map<String, Policy> rules = new LinkedHashMap<>();
        JsonNode r = root.path("rules");
        if (!r.isMissingNode() && !r.isObject()) {
            throw new IllegalArgumentException(FILE + ": rules must map a folder (ending in /) or runbook to a policy");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isBlank() || e.getKey().startsWith("/") || e.getKey().contains("..")) {
                throw new IllegalArgumentException(FILE + ": rules." + e.getKey()
                        + ": name a folder (ops/) or runbook (ops/patch.md) inside the runbooks folder");
            }
            rules.put(e.getKey(), policy(e.getValue(), "rules." + e.getKey()));
        }
        JsonNode archive = root.path("archive");
        if (!archive.isMissingNode() && !archive.isBoolean()) {
            throw new IllegalArgumentException(FILE + ": archive must be true or false");
        }
        Integer ledger = null;
        if (root.has("ledger")) {
            onlyKeys(root.get("ledger"), Set.of("keep-days"), "ledger");
            ledger = positive(root.get("ledger").get("keep-days"), "ledger.keep-days");
        }
        Duration every = root.has("every") ? duration(root.get("every").asText()) : null;
        return new RetentionRules(fallback, rules, archive.asBoolean(false), ledger, every);
    }

    private static Policy policy(JsonNode node, String where) {
        onlyKeys(node, Set.of("keep-days", "keep-runs", "keep"), where);
        if (node.has("keep")) {
            if (!"forever".equals(node.get("keep").asText()) || node.size() > 1) {
                throw new IllegalArgumentException(FILE + ": " + where + ": keep takes only 'forever', alone");
            }
            return Policy.FOREVER;
        }
        Integer days = node.has("keep-days") ? positive(node.get("keep-days"), where + ".keep-days") : null;
        Integer runs = node.has("keep-runs") ? positive(node.get("keep-runs"), where + ".keep-runs") : null;
        if (days == null && runs == null) {
            throw new IllegalArgumentException(FILE + ": " + where + ": give keep-days, keep-runs or keep: forever");
        }
        return new Policy(days, runs, false);
    }

    private static void onlyKeys(JsonNode node, Set<String> allowed, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(FILE + ": " + where + " must be a mapping of " + allowed);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(
                        FILE + ": " + where + ": unknown key '" + key + "' (allowed: " + allowed + ")");
            }
        }
    }

    private static Integer positive(JsonNode value, String where) {
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw new IllegalArgumentException(FILE + ": " + where + " must be a whole number, 0 or more");
        }
        return value.asInt();
    }

    /** {@code 30m}, {@code 6h}, {@code 1d}. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+[mhd]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        throw new IllegalArgumentException(FILE + ": every must be minutes, hours or days (30m, 6h, 1d), not " + text);
    }
}
