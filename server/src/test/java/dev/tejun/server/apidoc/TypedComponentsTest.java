package dev.tejun.server.apidoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The components whose Java types say only "any JSON" have their real schema in the document: a CMDB row's values
 * (each a {@code CmdbValue}: string, number, boolean, or a list or map of those) and an event source's mapping. A
 * value of the wrong kind is a problem the schema finds.
 */
class TypedComponentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void openapiJson_rowValuesAndSourceMapping_haveSchemas() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            JsonNode spec = JSON.readTree(t.get("/api/openapi.json").body());
            JsonNode schemas = spec.path("components").path("schemas");
            for (String component : List.of("Row", "RowsHandler.RowBody")) {
                JsonNode values = schemas.at("/" + component.replace("/", "~1") + "/properties/values");
                assertEquals(
                        "#/components/schemas/CmdbValue",
                        values.at("/anyOf/0/additionalProperties/$ref").asText(),
                        component + ".values: " + values);
            }
            JsonNode mapping = schemas.at("/EventSource/properties/mapping/anyOf/0/properties");
            assertTrue(mapping.has("items") && mapping.has("severity") && mapping.has("fields"), mapping.toString());
            assertTrue(schemas.has("CmdbValue"), schemas.fieldNames().toString());

            SchemaCheck check = new SchemaCheck(spec);
            JsonNode row = schemas.get("Row");
            JsonNode fine = JSON.readTree("{\"id\":1,\"sheet\":\"hosts\",\"host\":\"web01\",\"operation\":null,"
                    + "\"values\":{\"port\":22,\"ok\":true,\"tags\":[\"a\",{\"k\":1.5}],\"note\":null},"
                    + "\"version\":1,\"discarded\":false,\"updatedAt\":\"2026-01-01T00:00:00Z\",\"updatedBy\":\"x\"}");
            assertEquals(List.of(), check.problems(row, fine));
            JsonNode notAMap = ((com.fasterxml.jackson.databind.node.ObjectNode) fine.deepCopy())
                    .set("values", JSON.readTree("[1, 2]"));
            assertFalse(check.problems(row, notAMap).isEmpty(), "values as a list is not a row's values");
        }
    }
}
