package dev.tejun.kernel.exec.ansible;

import dev.tejun.kernel.exec.remote.CellSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code ansible.cfg} read the way Python's {@code configparser} (strict, as Ansible uses it) reads one:
 * {@code [section]} headers, {@code key = value} or {@code key: value}, whole-line {@code #} and {@code ;}
 * comments, indented continuation lines, lower-cased keys, no key twice. The playbook's own file is read into one
 * of these, Tejun's settings are merged in ({@link AnsibleCfgMerge}), and the result is written back for
 * Ansible; values pass through unchanged, so Ansible reads them as it would have read the original.
 */
final class AnsibleConfig {

    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

    static AnsibleConfig empty() {
        return new AnsibleConfig();
    }

    /**
     * @param name how the file is named in an error ({@code playbooks/web/ansible.cfg})
     * @throws CellSettings.Refused when the file is not one Ansible could read, naming the file and the line
     */
    static AnsibleConfig read(Path file, String name) throws IOException, CellSettings.Refused {
        AnsibleConfig cfg = new AnsibleConfig();
        Map<String, String> section = null;
        String lastKey = null;
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            String where = "the ansible.cfg beside the playbook (" + name + ") cannot be merged with Tejun's settings: "
                    + "line " + (i + 1) + ": ";
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && lastKey != null) {
                section.merge(lastKey, "\n" + stripped, String::concat);
                continue;
            }
            if (stripped.startsWith("[")) {
                if (!stripped.endsWith("]")) {
                    throw new CellSettings.Refused(where + "a section header without its ]");
                }
                String title = stripped.substring(1, stripped.length() - 1).strip();
                if (cfg.sections.containsKey(title)) {
                    throw new CellSettings.Refused(where + "section [" + title + "] a second time");
                }
                section = new LinkedHashMap<>();
                cfg.sections.put(title, section);
                lastKey = null;
                continue;
            }
            int eq = stripped.indexOf('=');
            int colon = stripped.indexOf(':');
            int at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (at <= 0) {
                throw new CellSettings.Refused(where + "neither [section] nor key = value: " + stripped);
            }
            if (section == null) {
                throw new CellSettings.Refused(where + "a setting before any [section]");
            }
            String key = stripped.substring(0, at).strip().toLowerCase(Locale.ROOT);
            if (section.containsKey(key)) {
                throw new CellSettings.Refused(where + key + " a second time in its section");
            }
            section.put(key, stripped.substring(at + 1).strip());
            lastKey = key;
        }
        return cfg;
    }

    Optional<String> get(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }

    void put(String section, String key, String value) {
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value);
    }

    Optional<String> remove(String section, String key) {
        Map<String, String> s = sections.get(section);
        return Optional.ofNullable(s == null ? null : s.remove(key));
    }

    /** The file's text: {@code [defaults]} first, then the other sections in the order they came. */
    String text(String header) {
        StringBuilder out = new StringBuilder(header);
        List<String> order = new ArrayList<>(sections.keySet());
        if (order.remove("defaults")) {
            order.addFirst("defaults");
        }
        for (String title : order) {
            out.append('[').append(title).append("]\n");
            sections.get(title)
                    .forEach((k, v) -> out.append(k)
                            .append(" = ")
                            .append(v.replace("\n", "\n    "))
                            .append('\n'));
            out.append('\n');
        }
        return out.toString();
    }
}
