package dev.tejun.kernel.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.runbook.ParamSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A runbook's text with the default of every {@code secret: true} param replaced by {@value #SHOWN}, and every
 * other byte as it was: what a viewer is shown of the file, and what evidence keeps of it. A secret's default is a
 * secret too; only people who may change the file see it.
 */
public final class SecretDefaults {

    public static final String SHOWN = "\"****\"";

    private static final YAMLFactory YAML = Json.YAML.getFactory();

    private SecretDefaults() {}

    /** A runbook (Markdown with YAML front matter). */
    public static String redact(String text) {
        FrontMatter fm = FrontMatter.split(text);
        List<String> secret = fm.metadata().params().values().stream()
                .filter(p -> p.secret() && p.defaultValue() != null)
                .map(ParamSpec::name)
                .toList();
        if (secret.isEmpty()) {
            return text;
        }
        int yamlStart = fm.text().indexOf('\n') + 1;
        String yaml = fm.text()
                .substring(yamlStart, fm.text().lastIndexOf('\n', fm.text().length() - 2) + 1);
        String redacted = redactYaml(yaml, secret);
        // Unreadable YAML does not happen once the metadata read it; if it did, the front matter is left out.
        return redacted == null
                ? text.substring(fm.text().length())
                : text.substring(0, yamlStart) + redacted + text.substring(yamlStart + yaml.length());
    }

    /**
     * A YAML document whose top-level {@code params} are declared as in a runbook (a flow file), with the defaults of
     * {@code names} replaced; null when the YAML cannot be read.
     */
    public static String redactYaml(String yaml, Collection<String> names) {
        if (names.isEmpty()) {
            return yaml;
        }
        List<int[]> spans;
        try {
            spans = defaultSpans(yaml, names);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        StringBuilder out = new StringBuilder(yaml);
        for (int i = spans.size() - 1; i >= 0; i--) {
            out.replace(spans.get(i)[0], spans.get(i)[1], SHOWN);
        }
        return out.toString();
    }

    /** Where the value of {@code params.NAME.default} is, for each NAME in {@code names}: [start, end) in yaml. */
    private static List<int[]> defaultSpans(String yaml, Collection<String> names) throws IOException {
        List<int[]> spans = new ArrayList<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return spans;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (key.equals("params") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String param = p.currentName();
                        JsonToken spec = p.nextToken();
                        if (names.contains(param) && spec == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String field = p.currentName();
                                JsonToken v = p.nextToken();
                                if (field.equals("default") && v.isScalarValue()) {
                                    int start = (int) p.currentTokenLocation().getCharOffset();
                                    spans.add(new int[] {
                                        start,
                                        lastContent(yaml, start, (int)
                                                p.currentLocation().getCharOffset())
                                    });
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return spans;
    }

    /** A block scalar's end mark lies after the line break and the next key's indent: those stay. */
    private static int lastContent(String yaml, int start, int end) {
        int e = Math.min(end, yaml.length());
        while (e > start && (yaml.charAt(e - 1) == ' ' || yaml.charAt(e - 1) == '\t')) {
            e--;
        }
        while (e > start && (yaml.charAt(e - 1) == '\n' || yaml.charAt(e - 1) == '\r')) {
            e--;
        }
        return e;
    }
}
