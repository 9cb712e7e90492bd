package dev.tejun.kernel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The kernel's one configured Jackson setup; every class takes its mapper from here instead of making its own,
 * so a setting (how instants are written, say) is chosen once. Mappers are thread-safe once configured.
 */
public final class Json {

    /** JSON, compact; java.time values as ISO-8601 text. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** The same, indented: files people read (evidence, bundles, summaries). Their bytes are hashed: keep them. */
    public static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * YAML as people and Ansible write it: a repeated key is allowed and the last one wins, as in Ansible.
     */
    public static final YAMLMapper YAML = new YAMLMapper();

    /** YAML whose meaning is ours (front matter, flow files): a repeated key is an error, not a silent overwrite. */
    public static final ObjectReader STRICT_YAML = YAML.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {}
}
