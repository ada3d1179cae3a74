package dev.payrail.server.merchants;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.security.AdminToken;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * On a developer's start, makes sure a demo merchant exists and prints its test key with a curl
 * example. The key is kept in a 0600 file under ./data so that it stays the same across restarts.
 */
@Component
public class DemoMerchant {

    private final MerchantStore merchants;
    private final PayrailProperties properties;
    private final AdminToken adminToken;
    private final Environment environment;

    public DemoMerchant(MerchantStore merchants, PayrailProperties properties, AdminToken adminToken,
                        Environment environment) {
        this.merchants = merchants;
        this.properties = properties;
        this.adminToken = adminToken;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void announce() throws IOException {
        String port = environment.getProperty("local.server.port", "8080");
        StringBuilder banner = new StringBuilder("\n\n  Payrail is running on http://localhost:").append(port).append('\n');
        if (adminToken.generated()) {
            banner.append("  Admin token (this run only): ").append(adminToken.value())
                    .append("   (set PAYRAIL_ADMIN_TOKEN to keep one across restarts)\n");
        }
        banner.append("  Operations console:          http://localhost:").append(port).append("/console/ (sign in with the admin token)\n");
        int stripePort = properties.stripeApiOrDefault().port();
        if (stripePort > 0) {
            banner.append("  Stripe-compatible API:       http://localhost:").append(stripePort)
                    .append(" (point Stripe's libraries here: docs/stripe-compatibility.md)\n");
        }
        if (properties.demo().enabled()) {
            String secret = demoKey();
            banner.append("  Demo merchant test key:      ").append(secret).append("\n\n")
                    .append("  Try a payment (test keys may send the test card itself; live keys pay with a pm_ token\n")
                    .append("  from POST /v1/payment_methods):\n")
                    .append("    curl -s http://localhost:").append(port).append("/v1/payments \\\n")
                    .append("      -H 'Authorization: Bearer ").append(secret).append("' \\\n")
                    .append("      -H 'Idempotency-Key: demo-1' -H 'Content-Type: application/json' \\\n")
                    .append("      -d '{\"amount\": 2000, \"currency\": \"usd\", \"confirm\": true,\n")
                    .append("           \"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}}'\n")
                    .append("\n  See its events as they happen: ./payrail listen (in another terminal)\n");
        }
        // For the person at the terminal, not for the log pipeline: that masks card-number-like runs (which
        // would garble the test card of the example) and may ship lines elsewhere (which the keys must not).
        System.out.println(banner);
        System.out.flush();
    }

    private String demoKey() throws IOException {
        Path file = Path.of(properties.demo().keyFile());
        Optional<String> saved = Files.exists(file)
                ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                : Optional.empty();
        if (saved.isPresent() && merchants.merchantForSecret(saved.get()).isPresent()) {
            return saved.get();
        }
        MerchantStore.Merchant merchant = merchants.create("Demo merchant");
        String secret = merchants.newKey(merchant.id()).secret();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return secret;
    }
}
