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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names a playbook defines for itself, for {@link PlaybookVariables}: {@code vars}, {@code register},
 * {@code set_fact}, loop variables and prompts anywhere in its plays, blocks and tasks, and what the files it loads
 * define ({@code vars_files}, {@code include_vars}, included tasks and playbooks, roles' defaults and vars, the
 * playbook folder's {@code group_vars/} and {@code host_vars/}). A file it loads that cannot be read here makes the
 * result uncertain: {@code opaque} names it.
 */
final class PlaybookDefinitions {

    private static final YAMLMapper YAML = Json.YAML;
    /** {@code set_fact: name=value other="a b"}, the key=value form. */
    private static final Pattern KEY_VALUE = Pattern.compile("(?:^|\\s)([A-Za-z_]\\w*)=");

    private PlaybookDefinitions() {}

    /**
     * Adds to {@code defined} what the playbook {@code root} (null for an empty one) defines; {@code opaque[0]} gets
     * what made the check impossible, if anything.
     *
     * @param playbookDir the playbook's folder, where the files it loads are read from; null for none
     */
    static void collect(JsonNode root, Path playbookDir, Set<String> defined, String[] opaque) {
        if (root != null) {
            walk(root, playbookDir, defined, opaque, new HashSet<>());
        }
        if (playbookDir != null) {
            for (String folder : new String[] {"group_vars", "host_vars"}) {
                varsFolder(playbookDir.resolve(folder), defined, opaque);
            }
        }
    }

    /**
     * The names the playbook's own tasks {@code register} and {@code set_fact} (not those of the files it loads), so a
     * map of where each variable comes from can say "registered" or "fact" rather than "the playbook".
     */
    static void ownKinds(JsonNode node, Set<String> registered, Set<String> setFacts) {
        if (node.isArray()) {
            node.forEach(child -> ownKinds(child, registered, setFacts));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(f -> {
            switch (f.getKey().replaceFirst("^ansible\\.(builtin|legacy)\\.", "")) {
                case "register" -> registered.add(f.getValue().asText());
                case "set_fact" -> setFact(f.getValue(), setFacts);
                default -> ownKinds(f.getValue(), registered, setFacts);
            }
        });
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
                case "set_fact" -> setFact(value, defined);
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

    /** {@code set_fact: {a: 1}} or {@code set_fact: a=1 b=2}. */
    private static void setFact(JsonNode value, Set<String> defined) {
        keys(value, defined);
        if (value.isTextual()) {
            Matcher kv = KEY_VALUE.matcher(value.asText());
            while (kv.find()) {
                defined.add(kv.group(1));
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
