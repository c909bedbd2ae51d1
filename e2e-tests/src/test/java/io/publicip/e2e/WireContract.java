package io.publicip.e2e;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks responses against the OpenAPI contracts, as received on the wire, and keeps what does
 * not match until a test collects it ({@link ContractOnTheWire} fails the test that got it).
 */
public final class WireContract {

    private static final Path CONTRACTS = Path.of(System.getProperty("publicip.e2e.contracts", "../api-spec/src/main/resources/openapi"));
    /** One document per RPC action; any other action's answers (errors) are in the seed action's. */
    private static final OpenApiInteractionValidator ALLOCATE = validator("ecs-public-ip.yaml");
    private static final OpenApiInteractionValidator RELEASE = validator("ecs-release-public-ip.yaml");
    private static final OpenApiInteractionValidator OPERATOR = validator("operator.yaml");
    private static final List<String> VIOLATIONS = new ArrayList<>();
    static final String JSON = "application/json;charset=utf-8";
    static final String XML = "text/xml;charset=utf-8";
    private static final String UUID_UPPER = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}";

    private WireContract() {
    }

    private static OpenApiInteractionValidator validator(String file) {
        return OpenApiInteractionValidator.createForSpecificationUrl(CONTRACTS.resolve(file).toAbsolutePath().toUri().toString()).build();
    }

    /** Checks one response of the public API ({@code operator} false; an AllocatePublicIpAddress call) or the operator API. */
    public static void check(boolean operator, String method, String rawPath, int status, String contentType, String body) {
        check(operator, operator ? null : "AllocatePublicIpAddress", method, rawPath, status, contentType, body);
    }

    /** Checks one response of the public API to a call of {@code action}, against that action's document. */
    public static void checkRpc(String action, String method, String rawPath, int status, String contentType, String body) {
        check(false, action, method, rawPath, status, contentType, body);
    }

    private static void check(boolean operator, String action, String method, String rawPath, int status, String contentType, String body) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        List<String> problems = new ArrayList<>();
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (contentType != null) {
            response.withContentType(contentType);
        }
        if (body != null && !body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport report = (operator ? OPERATOR : "ReleasePublicIpAddress".equals(action) ? RELEASE : ALLOCATE).validateResponse(path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response.build());
        report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> problems.add(m.getKey() + ": " + m.getMessage()));
        if (!operator) {
            // what the schema cannot say: the body's format is the Content-Type's, XML too, and the
            // Content-Type is byte for byte the one the official SDKs read
            if (!JSON.equals(contentType) && !XML.equals(contentType)) {
                problems.add("Content-Type " + contentType + " is neither " + JSON + " nor " + XML);
            } else if (XML.equals(contentType) && (body == null || !body.startsWith("<?xml"))) {
                problems.add("a text/xml body that is not XML: " + body);
            } else if (body == null || !body.matches("(?s).*RequestId(\":\"|>)" + UUID_UPPER + "[\"<].*")) {
                problems.add("no upper-case UUID RequestId in " + body);
            }
        }
        if (!problems.isEmpty()) {
            synchronized (VIOLATIONS) {
                VIOLATIONS.add(method + " " + path + " -> " + status + " " + contentType + ": " + problems + "\n  body: " + body);
            }
        }
    }

    /** The violations seen since the last call, cleared. */
    static List<String> takeViolations() {
        synchronized (VIOLATIONS) {
            List<String> seen = List.copyOf(VIOLATIONS);
            VIOLATIONS.clear();
            return seen;
        }
    }
}
