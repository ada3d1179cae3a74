package dev.payrail.server.risk;

import dev.payrail.core.risk.RiskAttributes;
import dev.payrail.core.risk.RiskFacts;
import tools.jackson.databind.JsonNode;

/**
 * Facts as stored with a payment (a JSON object of attribute to value) and read back with their types: a number is
 * written as the string of its exact decimal and read back as that decimal, never through a floating point; an
 * attribute the catalogue no longer has is skipped.
 */
public final class RiskFactsJson {
    private RiskFactsJson() {
    }

    public static java.util.Map<String, Object> write(RiskFacts facts) {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
        facts.asMap().forEach((name, value) -> json.put(name,
                value instanceof java.math.BigDecimal number ? number.toPlainString() : value));
        return json;
    }

    /** The facts as a jsonb column's text; null for none. */
    public static String column(tools.jackson.databind.json.JsonMapper json, RiskFacts facts) {
        return facts == null ? null : json.writeValueAsString(write(facts));
    }

    /** The facts a jsonb column holds; null for none. */
    public static RiskFacts fromColumn(tools.jackson.databind.json.JsonMapper json, String column) {
        return column == null ? null : read(json.readTree(column));
    }

    public static RiskFacts read(JsonNode object) {
        RiskFacts.Builder facts = RiskFacts.builder();
        object.properties().forEach(field -> RiskAttributes.named(field.getKey()).ifPresent(attribute -> {
            JsonNode value = field.getValue();
            switch (attribute.type()) {
                case NUMBER -> {
                    if (value.isString()) {
                        facts.number(attribute.name(), new java.math.BigDecimal(value.asString()));
                    }
                }
                case STRING -> {
                    if (value.isString()) {
                        facts.string(attribute.name(), value.asString());
                    }
                }
                case BOOLEAN -> {
                    if (value.isBoolean()) {
                        facts.bool(attribute.name(), value.asBoolean());
                    }
                }
            }
        }));
        return facts.build();
    }
}
