package dev.payrail.server.security;

import dev.payrail.server.PayrailProperties;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * In production mode Payrail refuses to start with anything a development setup gets for free: a generated
 * admin token (it would change on every restart and is printed to the console), a well-known or
 * password-like one, the demo merchant, or card numbers accepted from live keys outside the vault.
 */
@Component
class ProductionMode {
    /** Tokens from documentation, examples and tests: known to anyone who read them. */
    private static final List<String> WELL_KNOWN = List.of("test-admin-token-0123456789abcdef",
            "change-me", "changeme", "password", "admin", "secret", "payrail", "letmein", "default", "example");

    ProductionMode(PayrailProperties properties) {
        List<String> problems = problems(properties);
        if (!problems.isEmpty()) {
            throw new dev.payrail.server.StartupRefusal("PAYRAIL_MODE=production refuses to start: " + String.join("; ", problems),
                    "Fix each setting named, or run without PAYRAIL_MODE=production");
        }
    }

    static List<String> problems(PayrailProperties properties) {
        List<String> problems = new ArrayList<>();
        if (!properties.security().production()) {
            return problems;
        }
        String token = properties.admin().token();
        if (token == null || token.isBlank()) {
            problems.add("set PAYRAIL_ADMIN_TOKEN (a generated token is for development only)");
        } else {
            String lower = token.toLowerCase(Locale.ROOT);
            if (WELL_KNOWN.stream().anyMatch(lower::contains)) {
                problems.add("PAYRAIL_ADMIN_TOKEN is a well-known or default value; use a random one");
            }
        }
        if (properties.demo().enabled()) {
            problems.add("the demo merchant is on (PAYRAIL_DEMO=false)");
        }
        if ("all".equalsIgnoreCase(properties.security().rawCardNumbers())) {
            problems.add("raw card numbers are accepted from live keys (PAYRAIL_RAW_CARD_NUMBERS=all)");
        }
        return problems;
    }
}
