package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.kernel.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
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
 * turns the check off, saying so.
 */
public final class PlaybookVariables {

    private static final YAMLMapper YAML = Json.YAML;
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

    /** What a playbook uses and defines; {@code opaque} names what made the check impossible, or null. */
    public record Report(Set<String> used, Set<String> defined, String opaque) {

        public Set<String> missing(Set<String> definedElsewhere) {
            Set<String> out = new TreeSet<>(used);
            out.removeAll(defined);
            out.removeAll(definedElsewhere);
            return out;
        }
    }

    private PlaybookVariables() {}

    public static Report read(String playbook, Path playbookDir) throws IOException {
        Set<String> used = used(playbook);
        Set<String> defined = new TreeSet<>();
        String[] opaque = {null};
        JsonNode root = YAML.readTree(playbook);
        if (root != null) {
            walk(root, playbookDir, defined, opaque);
        }
        return new Report(used, defined, opaque[0]);
    }

    /** Root names of every {@code {{ … }}} expression that does not guard itself. */
    public static Set<String> used(String text) {
        Set<String> out = new TreeSet<>();
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
                if (!WORDS.contains(name)
                        && !MAGIC.contains(name)
                        && !name.startsWith("ansible_")
                        && !name.matches("\\d.*")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** Collects names the playbook defines, anywhere in its plays, blocks and tasks. */
    private static void walk(JsonNode node, Path dir, Set<String> defined, String[] opaque) throws IOException {
        if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child, dir, defined, opaque);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            switch (key) {
                case "vars" -> keys(value, defined);
                case "register" -> defined.add(value.asText());
                case "set_fact", "ansible.builtin.set_fact", "ansible.legacy.set_fact" -> keys(value, defined);
                case "loop_control" -> {
                    if (value.has("loop_var")) {
                        defined.add(value.get("loop_var").asText());
                    }
                    if (value.has("index_var")) {
                        defined.add(value.get("index_var").asText());
                    }
                }
                case "vars_prompt" ->
                    value.forEach(p -> defined.add(p.path("name").asText()));
                case "vars_files" -> value.forEach(file -> varsFile(dir, file.asText(), defined, opaque));
                case "include_vars", "ansible.builtin.include_vars" -> opaque[0] = "the playbook uses include_vars";
                case "roles" ->
                    value.forEach(role -> role(
                            dir,
                            role.isObject()
                                    ? role.path("role").asText(role.path("name").asText())
                                    : role.asText(),
                            defined,
                            opaque));
                case "include_role", "import_role", "ansible.builtin.include_role", "ansible.builtin.import_role" ->
                    role(dir, value.path("name").asText(), defined, opaque);
                default -> walk(value, dir, defined, opaque);
            }
        }
    }

    private static void keys(JsonNode value, Set<String> defined) {
        if (value.isObject()) {
            value.fieldNames().forEachRemaining(defined::add);
        }
    }

    private static void varsFile(Path dir, String name, Set<String> defined, String[] opaque) {
        Path file = dir == null || name.contains("{{") ? null : dir.resolve(name);
        if (file == null || !Files.isRegularFile(file)) {
            opaque[0] = "vars_files " + name + " cannot be read here";
            return;
        }
        try {
            keys(YAML.readTree(file.toFile()), defined);
        } catch (IOException e) {
            opaque[0] = "vars_files " + name + " does not parse";
        }
    }

    /** A role's defaults and vars define names too; a role we cannot find could define anything. */
    private static void role(Path dir, String role, Set<String> defined, String[] opaque) {
        Path roleDir = dir == null ? null : dir.resolve("roles").resolve(role);
        if (roleDir == null || !Files.isDirectory(roleDir)) {
            opaque[0] = "role " + role + " is not in a roles folder beside the playbook";
            return;
        }
        for (String part : new String[] {"defaults", "vars"}) {
            for (String ext : new String[] {"main.yml", "main.yaml"}) {
                Path file = roleDir.resolve(part).resolve(ext);
                if (Files.isRegularFile(file)) {
                    try {
                        keys(YAML.readTree(file.toFile()), defined);
                    } catch (IOException e) {
                        opaque[0] = "role " + role + " has a " + part + " file that does not parse";
                    }
                }
            }
        }
        // tasks of the role may register or set_fact; they are read like the playbook's own
        Path tasks = roleDir.resolve("tasks").resolve("main.yml");
        if (Files.isRegularFile(tasks)) {
            try {
                walk(YAML.readTree(tasks.toFile()), dir, defined, opaque);
            } catch (IOException e) {
                opaque[0] = "role " + role + " has tasks that do not parse";
            }
        }
    }
}
