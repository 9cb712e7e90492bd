package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.kernel.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables a playbook uses in {@code {{ … }}} and the ones it defines itself, so that a variable nobody
 * defines is reported before Ansible starts (as Exastro does on upload) instead of failing on the first host
 * mid-run.
 *
 * <p>Deliberately conservative, because a false alarm blocks a good playbook: an expression that guards itself
 * ({@code default(…)}, {@code is defined}) is not counted, attribute and filter names are not variables, and a
 * play that loads variables we cannot see ({@code include_vars}, {@code vars_files} that do not exist here)
 * turns the check off, saying so. What the plays define is read by {@link PlaybookDefinitions}.
 */
public final class PlaybookVariables {

    private static final YAMLMapper YAML = Json.YAML;
    private static final Pattern COMMENT = Pattern.compile("\\{#.*?#}", Pattern.DOTALL);
    private static final Pattern STATEMENT = Pattern.compile("\\{%-?(.*?)-?%}", Pattern.DOTALL);
    /** The names a statement binds: for's targets, set's and with's left sides, a macro's name and arguments. */
    private static final Pattern BINDING =
            Pattern.compile("(for|set|macro|with)\\s+(.*?)(\\s+in\\b.*|\\s*=(?!=).*|\\s*$)", Pattern.DOTALL);

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern STRINGS = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern FILTER = Pattern.compile("\\|\\s*[A-Za-z_][\\w.]*");
    private static final Pattern TEST = Pattern.compile("\\bis\\s+(not\\s+)?[A-Za-z_]\\w*");
    private static final Pattern GUARDED =
            Pattern.compile("\\b(default|d)\\s*\\(|\\|\\s*default\\b|\\bis\\s+(not\\s+)?(defined|undefined)\\b");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.])([A-Za-z_]\\w*+)(?!\\s*\\(|\\s*=(?!=))");
    private static final Set<String> WORDS = Set.of(
            "and",
            "or",
            "not",
            "in",
            "is",
            "if",
            "else",
            "true",
            "false",
            "none",
            "True",
            "False",
            "None",
            "loop",
            "recursive");
    /** Ansible's special variables (docs: "Special Variables"); anything {@code ansible_*} is a fact or magic. */
    private static final Set<String> MAGIC = Set.of(
            "hostvars",
            "groups",
            "group_names",
            "inventory_hostname",
            "inventory_hostname_short",
            "inventory_dir",
            "inventory_file",
            "play_hosts",
            "playbook_dir",
            "role_path",
            "role_name",
            "role_names",
            "omit",
            "item",
            "environment",
            "vars",
            "lookup",
            "query",
            "q",
            "now",
            "undef",
            "range",
            "dict",
            "lipsum",
            "cycler",
            "joiner",
            "namespace");

    /**
     * What a playbook uses and defines; {@code opaque} names what made the check impossible, or null.
     *
     * @param registered the names of its own tasks' {@code register:} (among {@code defined})
     * @param setFacts   the names of its own tasks' {@code set_fact} (among {@code defined})
     * @param gathered   the facts it uses that Ansible gathers ({@code ansible_*}; never in {@code used})
     */
    public record Report(
            Set<String> used,
            Set<String> defined,
            String opaque,
            Set<String> registered,
            Set<String> setFacts,
            Set<String> gathered) {

        /** A file of which only the uses are known (a template). */
        public static Report usesOnly(String text) {
            return new Report(
                    PlaybookVariables.used(text), Set.of(), null, Set.of(), Set.of(), PlaybookVariables.gathered(text));
        }

        /** A file that could not be read: {@code why}. */
        public static Report opaque(String why) {
            return new Report(Set.of(), Set.of(), why, Set.of(), Set.of(), Set.of());
        }

        public Set<String> missing(Set<String> definedElsewhere) {
            Set<String> out = new TreeSet<>(used);
            out.removeAll(defined);
            out.removeAll(definedElsewhere);
            return out;
        }
    }

    private PlaybookVariables() {}

    /**
     * @param playbookDir the playbook's folder: its {@code vars_files}, included task files, roles and
     *                    {@code group_vars/}, {@code host_vars/} are read from there; null for none
     */
    public static Report read(String playbook, Path playbookDir) throws IOException {
        Set<String> defined = new TreeSet<>();
        String[] opaque = {null};
        JsonNode root = YAML.readTree(playbook);
        StringBuilder scalars = new StringBuilder();
        if (root != null) {
            // the YAML's values, not its text: a {{ name }} in a comment is no use of name
            scalars(root, scalars);
        }
        PlaybookDefinitions.collect(root, playbookDir, defined, opaque);
        Set<String> registered = new TreeSet<>();
        Set<String> setFacts = new TreeSet<>();
        if (root != null) {
            PlaybookDefinitions.ownKinds(root, registered, setFacts);
        }
        String text = scalars.toString();
        return new Report(used(text), defined, opaque[0], registered, setFacts, gathered(text));
    }

    private static void scalars(JsonNode node, StringBuilder out) {
        if (node.isContainerNode()) {
            node.forEach(child -> scalars(child, out));
        } else if (node.isTextual()) {
            out.append(node.asText()).append('\n');
        }
    }

    /** The names the playbook's plays ask for in {@code vars_prompt}; none when it does not parse. */
    public static List<String> prompts(String playbook) {
        List<String> out = new java.util.ArrayList<>();
        try {
            JsonNode root = YAML.readTree(playbook);
            if (root != null && root.isArray()) {
                root.forEach(play -> play.path("vars_prompt").forEach(p -> {
                    if (p.hasNonNull("name")) {
                        out.add(p.get("name").asText());
                    }
                }));
            }
        } catch (IOException e) {
            // the variable check reports a playbook that does not parse
        }
        return out;
    }

    /** Root names of every {@code {{ … }}} expression that does not guard itself. */
    public static Set<String> used(String text) {
        Set<String> out = names(text);
        out.removeIf(name -> name.startsWith("ansible_"));
        return out;
    }

    /** The facts Ansible gathers ({@code ansible_*}) that {@code {{ … }}} expressions use unguarded. */
    static Set<String> gathered(String text) {
        Set<String> out = names(text);
        out.removeIf(name -> !name.startsWith("ansible_"));
        return out;
    }

    private static Set<String> names(String text) {
        Set<String> out = new TreeSet<>();
        text = COMMENT.matcher(text).replaceAll(" ");
        Set<String> bound = bound(text);
        Matcher m = EXPRESSION.matcher(text);
        while (m.find()) {
            String expr = m.group(1);
            if (GUARDED.matcher(expr).find()) {
                continue;
            }
            expr = STRINGS.matcher(expr).replaceAll("''");
            expr = FILTER.matcher(expr).replaceAll("|");
            expr = TEST.matcher(expr).replaceAll(" ");
            expr = expr.replaceAll("\\bfor\\s+\\w+(\\s*,\\s*\\w+)*\\s+in\\b", " ");
            Matcher n = NAME.matcher(expr);
            while (n.find()) {
                String name = n.group(1);
                if (!WORDS.contains(name) && !MAGIC.contains(name) && !bound.contains(name) && !name.matches("\\d.*")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /**
     * Names a Jinja template binds itself: {@code {% for u, v in … %}}, {@code {% set x = … %}},
     * {@code {% macro m(a, b=1) %}} and {@code {% with x = … %}}.
     */
    static Set<String> bound(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = STATEMENT.matcher(text);
        while (m.find()) {
            String body = m.group(1).strip();
            Matcher b = BINDING.matcher(body);
            if (b.lookingAt()) {
                for (String name : b.group(2).split("[\\s,()=]+")) {
                    if (name.matches("[A-Za-z_]\\w*")) {
                        out.add(name);
                    }
                }
            }
        }
        return out;
    }
}
