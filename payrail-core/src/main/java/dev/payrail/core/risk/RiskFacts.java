package dev.payrail.core.risk;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values of the attributes for one payment: what a rule reads. Each value has its attribute's type (a number is a
 * {@link BigDecimal}, never a floating point); an attribute not given is missing.
 */
public final class RiskFacts {
    private final Map<String, Object> values;

    private RiskFacts(Map<String, Object> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Object> value(String attribute) {
        return Optional.ofNullable(values.get(attribute));
    }

    /** A builder holding these facts: for adding what is learnt after them (the score). */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.values.putAll(values);
        return builder;
    }

    public Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Refuses a value of the wrong type or an attribute the catalogue does not have: a fact is what a rule can name. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        public Builder number(String attribute, BigDecimal value) {
            return put(attribute, RiskAttributes.Type.NUMBER, value);
        }

        public Builder number(String attribute, long value) {
            return number(attribute, BigDecimal.valueOf(value));
        }

        public Builder string(String attribute, String value) {
            return put(attribute, RiskAttributes.Type.STRING, value);
        }

        public Builder bool(String attribute, boolean value) {
            return put(attribute, RiskAttributes.Type.BOOLEAN, value);
        }

        private Builder put(String attribute, RiskAttributes.Type type, Object value) {
            RiskAttributes.Attribute known = RiskAttributes.named(attribute)
                    .orElseThrow(() -> new IllegalArgumentException("no risk attribute " + attribute));
            if (known.type() != type) {
                throw new IllegalArgumentException(attribute + " is a " + known.type() + ", not a " + type);
            }
            if (value != null) {
                values.put(attribute, value);
            }
            return this;
        }

        public RiskFacts build() {
            return new RiskFacts(new LinkedHashMap<>(values));
        }
    }
}
