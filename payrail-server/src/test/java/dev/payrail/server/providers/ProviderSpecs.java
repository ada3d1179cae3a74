package dev.payrail.server.providers;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.payrail.sim.ProviderSimulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The providers' published OpenAPI documents from ../shared/specs, read at test time, and the Atlassian
 * validator over them. Stripe's form bodies use bracket notation (deepObject), which the validator does
 * not decode: they are decoded here, typed by the operation's own schema, and validated as the JSON
 * object they stand for against that same schema.
 */
final class ProviderSpecs {
    static final Path SPECS = Path.of("..", "..", "shared", "specs");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FORM = "application/x-www-form-urlencoded";

    private static volatile ProviderSpecs stripe;
    private static volatile ProviderSpecs adyen;
    private static volatile ProviderSpecs adyenPayouts;

    private final JsonNode spec;
    private final OpenApiInteractionValidator validator;
    private final String pathPrefix;

    private ProviderSpecs(JsonNode spec, String pathPrefix) {
        this.spec = spec;
        this.pathPrefix = pathPrefix;
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(JSON.writeValueAsString(spec)).build();
    }

    /** The Stripe operations Payrail uses; a request to any other path fails validation. */
    private static final List<String> STRIPE_PATHS = List.of("/v1/payment_methods", "/v1/payment_intents",
            "/v1/payment_intents/{intent}", "/v1/payment_intents/{intent}/capture", "/v1/payment_intents/{intent}/cancel",
            "/v1/payment_intents/search", "/v1/refunds", "/v1/payouts", "/v1/payouts/{payout}");
    /** The objects those operations return, validated in full; objects nested in them are accepted as they come. */
    private static final java.util.Set<String> STRIPE_OBJECTS = java.util.Set.of("error", "api_errors", "payment_intent",
            "payment_method", "payment_method_card", "billing_details", "address", "refund", "payout");

    /**
     * Stripe's document, cut to the operations Payrail calls. Stripe's object graph is so interlinked
     * (every expandable field points to another object) that the validator would expand hundreds of schemas
     * per response and run out of memory; objects nested inside the returned ones are therefore accepted
     * as any JSON, while the returned objects themselves (required fields, types, no unknown fields) and
     * every request body are validated exactly as published.
     */
    static synchronized ProviderSpecs stripe() {
        if (stripe == null) {
            ObjectNode full = (ObjectNode) read("stripe/spec3-2022-04-12.json");
            ObjectNode spec = JSON.createObjectNode();
            spec.set("openapi", full.get("openapi"));
            spec.set("info", full.get("info"));
            spec.set("servers", full.get("servers"));
            spec.set("security", full.get("security"));
            ObjectNode paths = spec.putObject("paths");
            STRIPE_PATHS.forEach(path -> paths.set(path, full.path("paths").get(path)));
            ObjectNode components = spec.putObject("components");
            components.set("securitySchemes", full.path("components").get("securitySchemes"));
            ObjectNode schemas = components.putObject("schemas");
            STRIPE_OBJECTS.forEach(name -> schemas.set(name, full.path("components").path("schemas").get(name)));
            cutReferences(spec);
            // Offer each form body's schema as JSON too, so a decoded form can be checked against it.
            spec.path("paths").forEach(item -> item.forEach(operation -> {
                JsonNode content = operation.path("requestBody").path("content");
                if (content.has(FORM)) {
                    ((ObjectNode) content).set("application/json", content.get(FORM));
                }
            }));
            stripe = new ProviderSpecs(spec, "");
        }
        return stripe;
    }

    static synchronized ProviderSpecs adyen() {
        if (adyen == null) {
            adyen = new ProviderSpecs(read("adyen/CheckoutService-v71.json"), "/v71");
        }
        return adyen;
    }

    /** Adyen's Payout API v68, served by the simulator under its own path prefix. */
    static synchronized ProviderSpecs adyenPayouts() {
        if (adyenPayouts == null) {
            adyenPayouts = new ProviderSpecs(read("adyen/PayoutService-v68.json"), "/pal/servlet/Payout/v68");
        }
        return adyenPayouts;
    }

    /** Replaces references to schemas outside {@link #STRIPE_OBJECTS} with the empty (any) schema. */
    private static void cutReferences(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                JsonNode child = object.get(name);
                String ref = child.path("$ref").asString("");
                if (ref.startsWith("#/components/schemas/")
                        && !STRIPE_OBJECTS.contains(ref.substring("#/components/schemas/".length()))) {
                    object.set(name, JSON.createObjectNode());
                } else {
                    cutReferences(child);
                }
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode child = node.get(i);
                String ref = child.path("$ref").asString("");
                if (ref.startsWith("#/components/schemas/")
                        && !STRIPE_OBJECTS.contains(ref.substring("#/components/schemas/".length()))) {
                    ((tools.jackson.databind.node.ArrayNode) node).set(i, JSON.createObjectNode());
                } else {
                    cutReferences(child);
                }
            }
        }
    }

    /** Validates the request a simulator received and the response it sent. */
    ValidationReport validate(ProviderSimulator.Exchange exchange) {
        String path = exchange.path().substring(pathPrefix.length());
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(exchange.method()), path);
        exchange.headers().forEach((name, value) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                request.withHeader(name, value);
            }
        });
        if (exchange.query() != null) {
            for (String pair : exchange.query().split("&")) {
                int eq = pair.indexOf('=');
                request.withQueryParam(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if ("POST".equals(exchange.method())) {
            String contentType = exchange.header("Content-Type");
            if (contentType != null && contentType.startsWith(FORM)) {
                request.withContentType("application/json")
                        .withBody(JSON.writeValueAsString(decodeForm(exchange.requestBody(), formSchema(path))));
            } else {
                request.withContentType(contentType).withBody(exchange.requestBody());
            }
        }
        ValidationReport requestReport = validator.validateRequest(request.build());
        ValidationReport responseReport = validator.validateResponse(path, Request.Method.valueOf(exchange.method()),
                SimpleResponse.Builder.status(exchange.status()).withContentType("application/json")
                        .withBody(exchange.responseBody()).build());
        return requestReport.merge(responseReport);
    }

    private JsonNode formSchema(String path) {
        for (Map.Entry<String, JsonNode> item : spec.path("paths").properties()) {
            String template = "^" + Pattern.quote(item.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
            if (path.matches(template)) {
                return item.getValue().path("post").path("requestBody").path("content").path(FORM).path("schema");
            }
        }
        throw new AssertionError("no operation in the spec for POST " + path);
    }

    /** Bracket notation to nested JSON, each value typed as the schema says (integer, boolean or string). */
    static ObjectNode decodeForm(String body, JsonNode schema) {
        ObjectNode root = JSON.createObjectNode();
        if (body == null || body.isBlank()) {
            return root;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            List<String> names = List.of(key.replace("]", "").split("\\["));
            ObjectNode node = root;
            JsonNode nodeSchema = schema;
            for (int i = 0; i < names.size() - 1; i++) {
                nodeSchema = child(nodeSchema, names.get(i));
                node = node.has(names.get(i)) ? (ObjectNode) node.get(names.get(i)) : node.putObject(names.get(i));
            }
            String last = names.get(names.size() - 1);
            switch (type(child(schema == null ? null : nodeSchema, last))) {
                case "integer" -> node.put(last, Long.parseLong(value));
                case "boolean" -> node.put(last, Boolean.parseBoolean(value));
                default -> node.put(last, value);
            }
        }
        return root;
    }

    /** The schema of property {@code name}, looking into anyOf branches and additionalProperties. */
    private static JsonNode child(JsonNode schema, String name) {
        if (schema == null || schema.isMissingNode()) {
            return null;
        }
        if (schema.path("properties").has(name)) {
            return schema.path("properties").get(name);
        }
        for (JsonNode branch : schema.path("anyOf")) {
            JsonNode found = child(branch, name);
            if (found != null) {
                return found;
            }
        }
        JsonNode additional = schema.path("additionalProperties");
        return additional.isObject() ? additional : null;
    }

    private static String type(JsonNode schema) {
        if (schema == null) {
            return "string";
        }
        if (schema.has("type")) {
            return schema.path("type").asString();
        }
        for (JsonNode branch : schema.path("anyOf")) {
            if (branch.has("type") && !branch.has("enum")) {
                return branch.path("type").asString();
            }
        }
        return "string";
    }

    private static JsonNode read(String file) {
        try {
            return JSON.readTree(Files.readString(SPECS.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("the provider specs are read from ../shared/specs: " + SPECS.toAbsolutePath(), e);
        }
    }
}
