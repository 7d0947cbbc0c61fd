package io.keycloakhooks.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml parses without a single message with the parser of the validator that OpenApiContractIT uses
 * (swagger-request-validator, swagger-parser v3), and every operation names the role it needs.
 */
class OpenApiDocumentTest {

    static final Path DOCUMENT = Path.of("docs", "openapi.yaml");
    static final Set<String> ROLES = Set.of("view-realm", "manage-realm", "view-events", "manage-events");

    @Test
    void parsesWithoutMessages() throws IOException {
        OpenAPI api = parse();
        assertEquals("3.0.3", api.getOpenapi());
        assertTrue(api.getComponents().getSecuritySchemes().containsKey("bearer"));
    }

    @Test
    void everyOperationNamesItsRoleAndIsSecured() throws IOException {
        OpenAPI api = parse();
        List<String> problems = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            Object role = operation.getExtensions() == null ? null : operation.getExtensions().get("x-required-role");
            if (role == null || !ROLES.contains(role.toString())) {
                problems.add(name + ": x-required-role is " + role);
            } else if (operation.getDescription() == null || !operation.getDescription().contains("`" + role + "`")) {
                problems.add(name + ": the description does not name the role " + role);
            }
            for (String status : List.of("401", "403")) {
                if (!responses(operation).contains(status)) {
                    problems.add(name + ": no " + status + " response");
                }
            }
        }));
        assertNotNull(api.getSecurity(), "bearer security applies to every operation");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static Set<String> responses(Operation operation) {
        return operation.getResponses().keySet();
    }

    static OpenAPI parse() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(Files.readString(DOCUMENT), null, options);
        List<String> messages = result.getMessages() == null ? List.of() : result.getMessages();
        assertTrue(messages.isEmpty(), DOCUMENT + " has parse messages:\n" + String.join("\n", messages));
        assertNotNull(result.getOpenAPI(), DOCUMENT + " did not parse");
        return result.getOpenAPI();
    }
}
