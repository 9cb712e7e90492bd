package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.kernel.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    private static final Pattern COMMENT = Pattern.compile("\\{#.*?#}", Pattern.DOTALL);
    private static final Pattern STATEMENT = Pattern.compile("\\{%-?(.*?)-?%}", Pattern.DOTALL);
    /** The names a statement binds: for's targets, set's and with's left sides, a macro's name and arguments. */
    private static final Pattern BINDING =
            Pattern.compile("(for|set|macro|with)\\s+(.*?)(\\s+in\\b.*|\\s*=(?!=).*|\\s*$)", Pattern.DOTALL);
    /** {@code set_fact: name=value other="a b"}, the key=value form. */
    private static final Pattern KEY_VALUE = Pattern.compile("(?:^|\\s)([A-Za-z_]\\w*)=");

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
            walk(root, playbookDir, defined, opaque, new HashSet<>());
        }
        if (playbookDir != null) {
            for (String folder : new String[] {"group_vars", "host_vars"}) {
                varsFolder(playbookDir.resolve(folder), defined, opaque);
            }
        }
        return new Report(used(scalars.toString()), defined, opaque[0]);
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
                if (!WORDS.contains(name)
                        && !MAGIC.contains(name)
                        && !bound.contains(name)
                        && !name.startsWith("ansible_")
                        && !name.matches("\\d.*")) {
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

    /** Collects names the playbook defines, anywhere in its plays, blocks and tasks. */
    private static void walk(JsonNode node, Path dir, Set<String> defined, String[] opaque, Set<Path> seen) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child, dir, defined, opaque, seen);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode value = f.getValue();
            switch (f.getKey().replaceFirst("^ansible\\.(builtin|legacy)\\.", "")) {
                case "vars" -> keys(value, defined);
                case "register" -> defined.add(value.asText());
                case "set_fact" -> {
                    keys(value, defined);
                    if (value.isTextual()) {
                        Matcher kv = KEY_VALUE.matcher(value.asText());
                        while (kv.find()) {
                            defined.add(kv.group(1));
                        }
                    }
                }
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
                case "vars_files" ->
                    value.forEach(file -> {
                        // a list inside the list: the first of those files that exists
                        for (JsonNode one : file.isArray() ? file : List.of(file)) {
                            varsFile(dir, one.asText(), defined, opaque);
                        }
                    });
                case "include_vars" -> includeVars(dir, value, defined, opaque);
                case "include_tasks", "import_tasks", "import_playbook", "include" ->
                    included(
                            dir,
                            value.isObject() ? value.path("file").asText() : value.asText(),
                            defined,
                            opaque,
                            seen);
                case "roles" ->
                    value.forEach(role -> {
                        if (role.isObject()) {
                            // { role: x, port: 80 } gives the role its variables; vars: too (walked)
                            role.fieldNames().forEachRemaining(defined::add);
                            walk(role, dir, defined, opaque, seen);
                        }
                        role(
                                dir,
                                role.isObject()
                                        ? role.path("role")
                                                .asText(role.path("name").asText())
                                        : role.asText(),
                                defined,
                                opaque,
                                seen);
                    });
                case "include_role", "import_role" ->
                    role(dir, value.path("name").asText(), defined, opaque, seen);
                default -> walk(value, dir, defined, opaque, seen);
            }
        }
    }

    private static void keys(JsonNode value, Set<String> defined) {
        if (value.isObject()) {
            value.fieldNames().forEachRemaining(defined::add);
        } else if (value.isArray()) {
            value.forEach(v -> keys(v, defined));
        }
    }

    /** A YAML (or JSON) file of variables; what it defines goes to {@code defined}. */
    private static void keysOf(Path file, Set<String> defined, String[] opaque, String what) {
        try {
            JsonNode vars = YAML.readTree(file.toFile());
            if (vars != null && vars.isTextual() && vars.asText().startsWith("$ANSIBLE_VAULT;")) {
                // a vaulted file: its names are sealed with it
                opaque[0] = what + " is vaulted";
            } else if (vars != null) {
                keys(vars, defined);
            }
        } catch (IOException e) {
            opaque[0] = what + " does not parse";
        }
    }

    private static void varsFile(Path dir, String name, Set<String> defined, String[] opaque) {
        Path file = dir == null || name.contains("{{") ? null : dir.resolve(name);
        if (file == null || !Files.isRegularFile(file)) {
            opaque[0] = "vars_files " + name + " cannot be read here";
            return;
        }
        keysOf(file, defined, opaque, "vars_files " + name);
    }

    /** {@code include_vars: FILE}, {@code {file: F}}, {@code {dir: D}}, {@code {name: N}} (all under N). */
    private static void includeVars(Path dir, JsonNode value, Set<String> defined, String[] opaque) {
        if (value.isObject() && value.hasNonNull("name")) {
            defined.add(value.get("name").asText());
            return;
        }
        String name = value.isObject()
                ? value.path("file")
                        .asText(value.path("dir")
                                .asText(value.path("_raw_params").asText()))
                : value.asText();
        Path found = null;
        if (dir != null && !name.isEmpty() && !name.contains("{{")) {
            for (Path candidate : List.of(dir.resolve("vars").resolve(name), dir.resolve(name))) {
                if (Files.exists(candidate)) {
                    found = candidate;
                    break;
                }
            }
        }
        if (found == null) {
            opaque[0] = "include_vars " + name + " cannot be read here";
        } else if (Files.isDirectory(found)) {
            varsFolder(found, defined, opaque);
        } else {
            keysOf(found, defined, opaque, "include_vars " + name);
        }
    }

    /** Every YAML or JSON file under a folder of variables ({@code group_vars/}, an {@code include_vars} dir). */
    private static void varsFolder(Path folder, Set<String> defined, String[] opaque) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches("[^.]+|.*\\.(ya?ml|json)"))
                    .sorted()
                    .forEach(f -> keysOf(f, defined, opaque, folder.getFileName() + "/" + folder.relativize(f)));
        } catch (IOException e) {
            opaque[0] = folder.getFileName() + " cannot be read";
        }
    }

    /** A task file or playbook included from this one: what it registers, sets or loads is defined too. */
    private static void included(Path dir, String name, Set<String> defined, String[] opaque, Set<Path> seen) {
        Path file = dir == null || name.isEmpty() || name.contains("{{")
                ? null
                : dir.resolve(name).normalize();
        if (file == null || !Files.isRegularFile(file)) {
            opaque[0] = "the included " + name + " cannot be read here";
            return;
        }
        if (!seen.add(file)) {
            return;
        }
        try {
            JsonNode tasks = YAML.readTree(file.toFile());
            if (tasks != null) {
                walk(tasks, file.getParent(), defined, opaque, seen);
            }
        } catch (IOException e) {
            opaque[0] = "the included " + name + " does not parse";
        }
    }

    /** A role's defaults and vars define names too; a role we cannot find could define anything. */
    private static void role(Path dir, String role, Set<String> defined, String[] opaque, Set<Path> seen) {
        Path roleDir =
                dir == null || role.isEmpty() ? null : dir.resolve("roles").resolve(role);
        if (roleDir == null || !Files.isDirectory(roleDir)) {
            opaque[0] = "role " + role + " is not in a roles folder beside the playbook";
            return;
        }
        if (!seen.add(roleDir.normalize())) {
            return;
        }
        for (String part : new String[] {"defaults", "vars"}) {
            for (String ext : new String[] {"main.yml", "main.yaml", "main.json"}) {
                Path file = roleDir.resolve(part).resolve(ext);
                if (Files.isRegularFile(file)) {
                    keysOf(file, defined, opaque, "role " + role + "'s " + part);
                }
            }
            varsFolder(roleDir.resolve(part).resolve("main"), defined, opaque);
        }
        // the role's task and handler files may register or set_fact, its dependencies define names too
        for (String part : new String[] {"tasks", "handlers", "meta"}) {
            Path folder = roleDir.resolve(part);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(p -> p.toString().matches(".*\\.ya?ml"))
                        .sorted()
                        .toList()) {
                    JsonNode tree = YAML.readTree(f.toFile());
                    if (tree == null) {
                        continue;
                    }
                    if (part.equals("meta")) {
                        for (JsonNode dep : tree.path("dependencies")) {
                            String name = dep.isObject()
                                    ? dep.path("role").asText(dep.path("name").asText())
                                    : dep.asText();
                            keys(dep, defined);
                            role(dir, name, defined, opaque, seen);
                        }
                    } else {
                        walk(tree, f.getParent(), defined, opaque, seen);
                    }
                }
            } catch (IOException e) {
                opaque[0] = "role " + role + " has " + part + " that do not parse";
            }
        }
    }
}
