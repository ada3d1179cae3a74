package dev.payrail.server.flags;

import dev.payrail.core.flags.FlagDefinition;
import dev.payrail.server.PayrailProperties;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payrail's flags: each one's variants, what it ships with, what its percentage splits and what its variants do.
 * Only these exist; an operator changes which variant goes where, never what a flag is (docs/flags.md).
 */
@Component
public class FlagCatalog {
    /** The merchant's risk rules and lists decide ({@code enforce}) or are evaluated and recorded only ({@code log_only}). */
    public static final String RISK_ENFORCEMENT = "risk.enforcement";
    /** Every customer-initiated card payment asks for 3-D Secure ({@code on}), or only those the merchant, a rule or the issuer asks for. */
    public static final String THREE_D_SECURE_ENFORCE = "three_d_secure.enforce";
    /** Stripe's API version a Stripe-type provider's adapter speaks, per provider operation: the adapter canary. */
    public static final String STRIPE_API_VERSION = "providers.%s.api_version";

    /** One flag of the catalog. */
    public record Entry(String key, List<String> variants, String defaultVariant, String splits, String description) {
        FlagDefinition initial() {
            return FlagDefinition.initial(key, variants, defaultVariant);
        }
    }

    private final Map<String, Entry> entries;

    FlagCatalog(PayrailProperties properties) {
        List<Entry> all = new ArrayList<>();
        all.add(new Entry(RISK_ENFORCEMENT, List.of("enforce", "log_only"), "enforce", "merchant",
                "log_only: every rule and list entry is still evaluated and recorded on the payment, but none blocks, "
                        + "holds for review or asks for 3-D Secure"));
        all.add(new Entry(THREE_D_SECURE_ENFORCE, List.of("off", "on"), "off", "merchant",
                "on: every customer-initiated card payment asks for 3-D Secure (request_three_d_secure any); "
                        + "merchant-initiated payments are exempt. off: only when the merchant, a risk rule or the issuer asks"));
        properties.providers().forEach((name, provider) -> {
            if ("stripe".equals(provider.type())) {
                all.add(new Entry(STRIPE_API_VERSION.formatted(name), List.of("2020-08-27", "2022-11-15"), "2020-08-27",
                        "provider operation",
                        "the Stripe API version of " + name + "'s adapter: 2022-11-15 reads the intent's latest_charge "
                                + "(expanded) where 2020-08-27 read its charges list"));
            }
        });
        Map<String, Entry> byKey = new LinkedHashMap<>();
        all.forEach(e -> byKey.put(e.key(), e));
        this.entries = Collections.unmodifiableMap(byKey);
    }

    public Optional<Entry> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public List<Entry> all() {
        return List.copyOf(entries.values());
    }
}
