package dev.payrail.server.security;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The operator's token for /v1/admin. A configured token shorter than 24 characters refuses to start;
 * none configured generates a random one for this run and prints it once.
 */
@Component
public class AdminToken {
    static final int MIN_LENGTH = 24;
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private final String token;
    private final boolean generated;

    public AdminToken(PayrailProperties properties) {
        String configured = properties.admin().token();
        if (configured == null || configured.isBlank()) {
            this.token = "adm_" + Ids.randomBase62(32);
            this.generated = true;
        } else if (configured.length() < MIN_LENGTH) {
            throw new dev.payrail.server.StartupRefusal("PAYRAIL_ADMIN_TOKEN must be at least " + MIN_LENGTH
                    + " characters; refusing to start with a guessable admin token.",
                    "Set PAYRAIL_ADMIN_TOKEN to a random string of " + MIN_LENGTH + " characters or more, or leave it empty for one per run");
        } else {
            this.token = configured;
            this.generated = false;
        }
        if (generated) {
            log.info("No PAYRAIL_ADMIN_TOKEN set: generated an admin token for this run (printed at start-up).");
        }
    }

    public boolean matches(String presented) {
        return presented != null && ApiKeys.sameSecret(presented, token);
    }

    public boolean generated() {
        return generated;
    }

    /** For the start-up banner only, when generated. */
    public String value() {
        return token;
    }
}
