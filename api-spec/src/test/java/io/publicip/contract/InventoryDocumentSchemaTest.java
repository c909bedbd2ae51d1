package io.publicip.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inventory document's JSON Schema accepts the example in docs/operations.md (the one users
 * copy for seed files and imports) and refuses broken documents.
 */
class InventoryDocumentSchemaTest {

    static final YAMLMapper YAML = new YAMLMapper();

    static JsonSchema schema() throws IOException {
        try (InputStream in = InventoryDocumentSchemaTest.class.getClassLoader()
                .getResourceAsStream("schema/inventory-document.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    /** The YAML block that follows the marker under the seed-file heading of docs/operations.md. */
    static String documentedExample() throws IOException {
        String operations = Files.readString(Path.of("..", "docs", "operations.md"));
        Matcher m = Pattern.compile("<!-- inventory-document-example -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL).matcher(operations);
        assertTrue(m.find(), "docs/operations.md has an inventory document example");
        return m.group(1);
    }

    @Test
    void theDocumentedExampleIsValid() throws IOException {
        Set<ValidationMessage> errors = schema().validate(YAML.readTree(documentedExample()));
        assertEquals(Set.of(), errors);
    }

    @Test
    void brokenDocumentsAreRefused() throws IOException {
        String example = documentedExample();
        for (String broken : new String[]{
                example.replace("vlanId: 100", "vlanId: 5000"),
                example.replace("112.124.10.0/24", "112.124.10.0/33"),
                example.replace("status: Running", "status: Flying"),
                example.replace("chargeType: PostPaid", "chargeType: Free"),
                example.replace("instances:", "machines:"),
        }) {
            JsonNode document = YAML.readTree(broken);
            assertFalse(schema().validate(document).isEmpty(), broken);
        }
    }
}
