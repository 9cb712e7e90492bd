package dev.tejun.kernel.harvest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.inventory.VariableBindings;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.ansible.PlaybookVariables;
import dev.tejun.kernel.exec.terraform.TerraformVariables;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Harvests the variables of every playbook, role, template ({@code .j2}), Terraform module and inline
 * {@code ansible} cell in a runbooks folder, and finds where each comes from. Reads files only; runs nothing.
 *
 * <p>The sources a file can count on: the CMDB's bound columns ({@link VariableBindings}) for every file; a
 * playbook's params from the runbooks whose cells run it ({@code playbook=}) and their {@code group-vars-from}
 * sheets; a role's or template's from any runbook and any playbook of the folder (a role cannot know which play
 * includes it, so anything a play could give it counts). A file whose variables cannot all be seen here
 * ({@code include_vars}, a role outside the folder) is listed with a note and not judged.
 */
public final class VariableHarvester {

    private static final Pattern TF_VAR = Pattern.compile("\\bvar\\.([A-Za-z_][A-Za-z0-9_-]*)");
    private static final String GROUP_COLUMN = "group";
    /** Where a gathered fact comes from: Ansible's setup on the host. */
    private static final String GATHERED = "gathered (setup)";

    private final Path folder;
    private final List<SheetDef> sheets;
    private final Map<String, String> cmdb;
    /** Everything the folder's runbooks, playbooks and roles define, by name. */
    private final Map<String, List<Source>> anywhere = new TreeMap<>();

    private final Map<String, List<Source>> roleDefaults = new TreeMap<>();
    /** Playbook path → what the runbooks running it give (params, group vars), by name. */
    private final Map<String, Map<String, List<Source>>> runBy = new TreeMap<>();
    /** Playbook path → the runbooks whose cells run it. */
    private final Map<String, Set<String>> runbooksOf = new TreeMap<>();

    /** The runbooks parsed already, by path as the folder's walk names them (any other is read and parsed here). */
    private final Map<Path, Runbook> parsed;

    private VariableHarvester(Path folder, List<SheetDef> sheets, Map<Path, Runbook> parsed) {
        this.folder = folder;
        this.sheets = sheets;
        this.cmdb = VariableBindings.sources(sheets);
        this.parsed = parsed;
    }

    /**
     * Harvests {@code folder} against the CMDB's sheet definitions (empty when there is no CMDB). A runbook the
     * caller has parsed already is taken from {@code parsed} (by the path the walk of {@code folder} gives it), so
     * that {@code tejun check} parses each file once; any other is read and parsed here.
     */
    public static Harvest scan(Path folder, List<SheetDef> sheets, Map<Path, Runbook> parsed) {
        return new VariableHarvester(folder, sheets, parsed).run();
    }

    private Harvest run() {
        List<Path> markdown = new ArrayList<>();
        List<Path> yaml = new ArrayList<>();
        List<Path> templates = new ArrayList<>();
        Map<Path, List<Path>> terraform = new TreeMap<>();
        walk(folder, markdown, yaml, templates, terraform);
        Map<String, String> texts = new TreeMap<>();
        List<Path> playbooks = new ArrayList<>();
        List<Path> roleTasks = new ArrayList<>();
        for (Path file : yaml) {
            String rel = rel(file);
            String text = read(file);
            texts.put(rel, text);
            if (rel.matches("(.*/)?roles/[^/]+/(defaults|vars)/main\\.ya?ml")) {
                keys(text).forEach(k -> add(roleDefaults, k, new Source(Source.Kind.ROLE_DEFAULT, rel)));
            } else if (rel.matches("(.*/)?roles/[^/]+/tasks/.*")) {
                roleTasks.add(file);
            } else if (isPlaybook(text)) {
                playbooks.add(file);
            }
        }
        List<HarvestedFile> out = new ArrayList<>();
        // parsed on every core (the parse is most of the work over a large folder), read in order
        List<Runbook> runbooks = markdown.parallelStream()
                .map(md -> {
                    Runbook known = parsed.get(md);
                    return known != null ? known : RunbookFormat.parse(read(md));
                })
                .toList();
        for (int m = 0; m < markdown.size(); m++) {
            Path md = markdown.get(m);
            Runbook rb = runbooks.get(m);
            for (String param : rb.metadata().params().keySet()) {
                add(anywhere, param, new Source(Source.Kind.PARAM, rel(md)));
            }
            for (CodeCell cell : rb.codeCells()) {
                if ("ansible".equals(cell.language())) {
                    Map<String, List<Source>> given = given(rel(md), rb, cell);
                    given.forEach((name, list) -> list.forEach(s -> add(anywhere, name, s)));
                    cell.attributes().get("playbook").ifPresent(p -> {
                        runbooksOf.computeIfAbsent(p, k -> new TreeSet<>()).add(rel(md));
                        Map<String, List<Source>> to = runBy.computeIfAbsent(p, k -> new TreeMap<>());
                        given.forEach((name, list) -> list.forEach(s -> add(to, name, s)));
                    });
                }
            }
        }
        Map<Path, PlaybookVariables.Report> reports = new LinkedHashMap<>();
        for (Path file : playbooks) {
            PlaybookVariables.Report report = report(texts.get(rel(file)), file.getParent());
            reports.put(file, report);
            report.defined().stream()
                    .filter(name -> !roleDefaults.containsKey(name))
                    .forEach(name -> add(anywhere, name, defined(report, name, rel(file))));
        }
        for (Map.Entry<Path, PlaybookVariables.Report> e : reports.entrySet()) {
            String rel = rel(e.getKey());
            out.add(file(rel, "playbook", e.getValue(), runBy.getOrDefault(rel, Map.of()), false)
                    .withRunbooks(runbooksOf.getOrDefault(rel, Set.of())));
        }
        for (Path file : roleTasks) {
            out.add(file(rel(file), "role", report(texts.get(rel(file)), null), Map.of(), true));
        }
        for (Path file : templates) {
            out.add(file(rel(file), "template", PlaybookVariables.Report.usesOnly(read(file)), Map.of(), true));
        }
        terraform.forEach((dir, tfs) -> out.add(terraform(dir, tfs)));
        for (int i = 0; i < markdown.size(); i++) {
            for (CodeCell cell : runbooks.get(i).codeCells()) {
                if ("ansible".equals(cell.language())
                        && cell.attributes().get("playbook").isEmpty()) {
                    String rel = rel(markdown.get(i)) + "#" + cell.id();
                    PlaybookVariables.Report report =
                            report(cell.code(), markdown.get(i).getParent());
                    out.add(file(rel, "cell", report, given(rel(markdown.get(i)), runbooks.get(i), cell), false)
                            .withRunbooks(Set.of(rel(markdown.get(i)))));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(HarvestedFile::path));
        Set<String> used = new HashSet<>();
        out.forEach(f -> f.variables().forEach(u -> used.add(u.name())));
        List<String> unused = new ArrayList<>();
        cmdb.forEach((variable, column) -> {
            if (!used.contains(variable)) {
                unused.add(variable + " ← " + column);
            }
        });
        return new Harvest(out, unused);
    }

    /** The values a runbook gives one of its ansible cells, by name: its params and the cell's group variables. */
    private Map<String, List<Source>> given(String runbook, Runbook rb, CodeCell cell) {
        Map<String, List<Source>> out = new TreeMap<>();
        rb.metadata().params().keySet().forEach(p -> add(out, p, new Source(Source.Kind.PARAM, runbook)));
        cell.attributes()
                .get("group-vars-from")
                .ifPresent(sheet -> sheets.stream()
                        .filter(s -> s.name().equals(sheet))
                        .flatMap(s -> s.columns().stream())
                        .filter(c -> !c.name().equals(GROUP_COLUMN))
                        .forEach(c -> add(out, c.name(), new Source(Source.Kind.GROUP_VAR, sheet + "." + c.name()))));
        return out;
    }

    /**
     * @param given  what only this file is given by name (its runbooks' params and group variables)
     * @param shared whether anything any runbook or playbook of the folder defines counts (roles, templates)
     */
    private HarvestedFile file(
            String rel, String kind, PlaybookVariables.Report report, Map<String, List<Source>> given, boolean shared) {
        List<Usage> usages = new ArrayList<>();
        for (String name : report.used()) {
            List<Source> sources = new ArrayList<>(roleDefaults.getOrDefault(name, List.of()));
            String column = cmdb.get(name);
            if (column != null) {
                sources.add(new Source(Source.Kind.CMDB, column));
            }
            sources.addAll(given.getOrDefault(name, List.of()));
            if (report.defined().contains(name)) {
                sources.add(defined(report, name, rel));
            }
            if (shared) {
                anywhere.getOrDefault(name, List.of()).stream()
                        .filter(s -> !sources.contains(s))
                        .forEach(sources::add);
            }
            usages.add(new Usage(name, sources));
        }
        for (String fact : report.gathered()) {
            String column = cmdb.get(fact); // ansible_host and its kind may be bound to a column instead
            usages.add(new Usage(
                    fact,
                    List.of(
                            column != null
                                    ? new Source(Source.Kind.CMDB, column)
                                    : new Source(Source.Kind.FACT, GATHERED))));
        }
        usages.sort(java.util.Comparator.comparing(Usage::name));
        return new HarvestedFile(rel, kind, usages, report.opaque(), List.of());
    }

    /** How {@code file} defines {@code name}: a task's register, a set_fact, or otherwise the playbook's own vars. */
    private static Source defined(PlaybookVariables.Report report, String name, String file) {
        Source.Kind kind = report.registered().contains(name)
                ? Source.Kind.REGISTERED
                : report.setFacts().contains(name) ? Source.Kind.FACT : Source.Kind.PLAYBOOK;
        return new Source(kind, file);
    }

    private HarvestedFile terraform(Path dir, List<Path> tfs) {
        Map<String, Boolean> declared = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (Path tf : tfs) {
            String hcl = read(tf);
            declared.putAll(TerraformVariables.declared(hcl));
            Matcher m = TF_VAR.matcher(hcl);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        used.addAll(declared.keySet());
        String rel = dir.equals(folder) ? "." : rel(dir);
        List<Usage> usages = new ArrayList<>();
        for (String name : used) {
            List<Source> sources = new ArrayList<>();
            if (Boolean.TRUE.equals(declared.get(name))) {
                sources.add(new Source(Source.Kind.TERRAFORM_DEFAULT, rel));
            }
            // vars-from=SHEET gives the variable named after the sheet
            sheets.stream()
                    .filter(s -> s.name().equals(name))
                    .forEach(s -> sources.add(new Source(Source.Kind.CMDB, s.name())));
            anywhere.getOrDefault(name, List.of()).stream()
                    .filter(s -> s.kind() == Source.Kind.PARAM)
                    .forEach(sources::add);
            if (!declared.containsKey(name)) {
                sources.clear(); // terraform refuses a variable no block declares, whatever gives it a value
            }
            usages.add(new Usage(name, sources));
        }
        return new HarvestedFile(rel + "/*.tf", "terraform", usages, null, List.of());
    }

    private static PlaybookVariables.Report report(String text, Path dir) {
        try {
            return PlaybookVariables.read(text, dir);
        } catch (IOException | RuntimeException e) {
            return PlaybookVariables.Report.opaque("not valid YAML: " + e.getMessage());
        }
    }

    private static boolean isPlaybook(String text) {
        try {
            JsonNode root = Json.YAML.readTree(text);
            if (root == null || !root.isArray()) {
                return false;
            }
            for (JsonNode play : root) {
                if (play.has("hosts") || play.has("import_playbook") || play.has("ansible.builtin.import_playbook")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Set<String> keys(String yaml) {
        Set<String> out = new TreeSet<>();
        try {
            JsonNode root = Json.YAML.readTree(yaml);
            if (root != null && root.isObject()) {
                root.fieldNames().forEachRemaining(out::add);
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable defaults file defines nothing; ansible-playbook says why when it runs
        }
        return out;
    }

    private static void add(Map<String, List<Source>> map, String name, Source source) {
        List<Source> list = map.computeIfAbsent(name, k -> new ArrayList<>());
        if (!list.contains(source)) {
            list.add(source);
        }
    }

    private String rel(Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void walk(
            Path folder, List<Path> markdown, List<Path> yaml, List<Path> templates, Map<Path, List<Path>> tf) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name =
                            dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(folder) && (name.startsWith(".") || name.equals("target"));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (name.endsWith(".md")) {
                        markdown.add(file);
                    } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                        yaml.add(file);
                    } else if (name.endsWith(".j2")) {
                        templates.add(file);
                    } else if (name.endsWith(".tf")) {
                        tf.computeIfAbsent(file.getParent(), d -> new ArrayList<>())
                                .add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        markdown.sort(null);
        yaml.sort(null);
        templates.sort(null);
    }
}
