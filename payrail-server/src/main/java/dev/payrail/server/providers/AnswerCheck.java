package dev.payrail.server.providers;

import dev.payrail.core.providers.ProviderResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Payrail applies a provider's answer only when it is about what was asked: an answer that names another
 * payment or authorization (a provider that reused a reference, a proxy that mixed up two calls) says nothing
 * certain about the operation sent, so it becomes {@link ProviderResult.OutcomeUnknown}: never applied, left to
 * the resolver and, while it stays unknown, to the unknown-outcome alert and an operator.
 */
final class AnswerCheck {
    private static final Logger log = LoggerFactory.getLogger(AnswerCheck.class);

    private AnswerCheck() {
    }

    /**
     * {@code result} as it is when {@code field} of the answer names {@code asked}; unknown when it names another,
     * or when a success names nothing.
     */
    static ProviderResult about(ProviderResult result, String provider, String field, String asked, JsonNode answer) {
        if (field == null || asked == null) {
            return result;      // nothing was asked about by reference (a payout's key is Payrail's own operation id)
        }
        String named = answer == null ? null : answer.path(field).asString(null);
        return about(result, provider, field, asked, named);
    }

    static ProviderResult about(ProviderResult result, String provider, String field, String asked, String named) {
        boolean success = result instanceof ProviderResult.Succeeded;
        boolean decline = result instanceof ProviderResult.Declined;
        if (!(success || decline) || asked == null || asked.equals(named) || (decline && named == null)) {
            return result;
        }
        log.warn("Provider {} answered about {} {} when asked about {}: not applied", provider, field, named, asked);
        return new ProviderResult.OutcomeUnknown("the answer names " + field + " " + named + ", not " + asked);
    }
}
