package dev.tejun.server.apidoc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.Optional;
import java.util.UUID;

/**
 * JSON Schemas of Java types as the server's own {@link ObjectMapper} writes them: it asks Jackson which properties a
 * type has (names after annotations, the type of each, whether a null one is left out), so a schema follows the code.
 * A record or bean becomes a named component ({@code #/components/schemas/Name}) that allows no other property; a
 * property is required unless Jackson leaves it out when empty; a non-primitive value may be null.
 */
public final class JsonSchemas {

    private final ObjectMapper json;
    private final ObjectNode components;

    /** @param components the document's {@code components.schemas}, which named types are added to */
    JsonSchemas(ObjectMapper json, ObjectNode components) {
        this.json = json;
        this.components = components;
    }

    /** An empty schema node to fill. */
    ObjectNode plain() {
        return json.createObjectNode();
    }

    ObjectNode of(Type type) {
        return of(json.getTypeFactory().constructType(type));
    }

    ObjectNode of(JavaType t) {
        ObjectNode s = json.createObjectNode();
        Class<?> c = t.getRawClass();
        if (c == boolean.class || c == Boolean.class) {
            return nullable(s.put("type", "boolean"), !c.isPrimitive());
        }
        if (c == int.class
                || c == long.class
                || c == short.class
                || c == Integer.class
                || c == Long.class
                || c == Short.class) {
            return nullable(s.put("type", "integer"), !c.isPrimitive());
        }
        if (c == double.class || c == float.class || Number.class.isAssignableFrom(c)) {
            return nullable(s.put("type", "number"), !c.isPrimitive());
        }
        if (CharSequence.class.isAssignableFrom(c)
                || c == char.class
                || c == Character.class
                || c == UUID.class
                || c == URI.class
                || Path.class.isAssignableFrom(c)
                || Temporal.class.isAssignableFrom(c)
                || TemporalAmount.class.isAssignableFrom(c)
                || ZoneId.class.isAssignableFrom(c)) {
            return nullable(s.put("type", "string"), true);
        }
        if (c.isEnum()) {
            ArrayNode values = s.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(json.valueToTree(constant));
            }
            values.addNull();
            return s;
        }
        if (JsonNode.class.isAssignableFrom(c) || c == Object.class) {
            return s; // any JSON value: the shape is the caller's (an alert payload, a rule's own fields)
        }
        if (c == Optional.class) {
            return of(t.containedTypeOrUnknown(0));
        }
        if (t.isArrayType() || t.isCollectionLikeType()) {
            s.set("type", types("array"));
            s.set("items", of(t.getContentType()));
            return s;
        }
        if (t.isMapLikeType()) {
            s.set("type", types("object"));
            s.set("additionalProperties", of(t.getContentType()));
            return s;
        }
        if (c.isSealed()) {
            ArrayNode any = s.putArray("anyOf");
            for (Class<?> kind : c.getPermittedSubclasses()) {
                any.add(of(kind));
            }
            return s;
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            return s; // written as whatever the value's own class is
        }
        return named(t);
    }

    /**
     * The object schema of record {@code type} with one more required property {@code name} of schema {@code field},
     * written out whole (not a reference: the component allows no other property).
     */
    ObjectNode extended(Type type, String name, ObjectNode field) {
        JavaType t = json.getTypeFactory().constructType(type);
        of(t); // the component and those it refers to
        JsonNode component = components.get(componentName(t));
        if (component == null || !component.path("properties").isObject()) {
            throw new IllegalArgumentException(type + " is not written as an object with properties");
        }
        ObjectNode s = component.deepCopy();
        ((ObjectNode) s.get("properties")).set(name, field);
        ((ArrayNode) s.get("required")).add(name);
        return s;
    }

    /**
     * Gives property {@code property} of record {@code type}'s component the schema {@code field} (or null), where the
     * Java type says only "any JSON" (a {@code JsonNode}, a map of {@code Object}); every reference to the component
     * sees it. Answers the reference to the component.
     */
    ObjectNode refine(Type type, String property, ObjectNode field) {
        JavaType t = json.getTypeFactory().constructType(type);
        ObjectNode ref = of(t);
        JsonNode properties = components.path(componentName(t)).path("properties");
        if (!properties.has(property)) {
            throw new IllegalArgumentException(type + " has no property " + property);
        }
        ObjectNode orNull = json.createObjectNode();
        orNull.putArray("anyOf").add(field).add(json.createObjectNode().put("type", "null"));
        ((ObjectNode) properties).set(property, orNull);
        return ref;
    }

    /** A component made by the caller under {@code name} (it may refer to itself), and the reference to it. */
    ObjectNode component(String name, java.util.function.Function<ObjectNode, ObjectNode> make) {
        ObjectNode ref = json.createObjectNode().put("$ref", "#/components/schemas/" + name);
        if (!components.has(name)) {
            components.putObject(name); // taken first: the schema may name itself
            components.set(name, make.apply(ref.deepCopy()));
        }
        return ref;
    }

    private static String componentName(JavaType t) {
        return t.getRawClass().getName().replaceFirst("^.*\\.", "").replace('$', '.');
    }

    /** A record or bean: a component with its properties, referred to by name (so a type may contain itself). */
    private ObjectNode named(JavaType t) {
        String name = componentName(t);
        ObjectNode ref = json.createObjectNode();
        ref.putArray("anyOf")
                .add(json.createObjectNode().put("$ref", "#/components/schemas/" + name))
                .add(json.createObjectNode().put("type", "null"));
        if (components.has(name)) {
            return ref;
        }
        ObjectNode s = components.putObject(name);
        SerializationConfig config = json.getSerializationConfig();
        BeanDescription bean = config.introspect(t);
        AnnotatedMember value = bean.findJsonValueAccessor();
        if (value != null) {
            // a type that writes itself as one value ({@code @JsonValue})
            components.set(name, of(value.getType()));
            return ref;
        }
        s.put("type", "object");
        ObjectNode properties = s.putObject("properties");
        ArrayNode required = s.putArray("required");
        typeId(t.getRawClass(), properties, required);
        JsonInclude.Value classInclusion =
                bean.findPropertyInclusion(config.getDefaultPropertyInclusion(t.getRawClass()));
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (!p.couldSerialize()) {
                continue;
            }
            properties.set(p.getName(), of(p.getPrimaryType()));
            JsonInclude.Include inclusion =
                    classInclusion.withOverrides(p.findInclusion()).getValueInclusion();
            if (inclusion == JsonInclude.Include.ALWAYS || inclusion == JsonInclude.Include.USE_DEFAULTS) {
                required.add(p.getName());
            }
        }
        s.put("additionalProperties", false);
        return ref;
    }

    /**
     * A subtype of a {@link JsonTypeInfo} type ({@code "kind": "code"}) carries its name in the property the
     * supertype names.
     */
    private void typeId(Class<?> c, ObjectNode properties, ArrayNode required) {
        for (Class<?> up : c.getInterfaces()) {
            JsonTypeInfo info = up.getAnnotation(JsonTypeInfo.class);
            if (info != null && info.use() == JsonTypeInfo.Id.NAME && info.include() == JsonTypeInfo.As.PROPERTY) {
                String property = info.property().isEmpty() ? "@type" : info.property();
                JsonTypeName named = c.getAnnotation(JsonTypeName.class);
                properties.putObject(property).putArray("enum").add(named == null ? c.getSimpleName() : named.value());
                required.add(property);
            }
        }
    }

    private ArrayNode types(String type) {
        return json.createArrayNode().add(type).add("null");
    }

    private ObjectNode nullable(ObjectNode s, boolean nullable) {
        if (nullable) {
            s.set("type", types(s.get("type").asText()));
        }
        return s;
    }
}
