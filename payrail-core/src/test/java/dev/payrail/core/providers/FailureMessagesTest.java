package dev.payrail.core.providers;

import dev.payrail.core.retries.SmartRetries;
import dev.payrail.core.routing.Cascade;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adapters keep a provider's decline code only when it is one of Payrail's ({@link FailureMessages#known}); any other
 * reads as {@code provider_refused}. So every code that routing or retries act on must be known, or the rule that
 * names it never sees it: an {@code issuer_unavailable} read as a refusal is never cascaded.
 */
class FailureMessagesTest {
    @Test
    void everyCodeThatCascadesOrIsRetriedIsOneOfPayrails() {
        assertThat(Cascade.DEFAULT_CASCADABLE).allSatisfy(code -> assertThat(FailureMessages.known(code)).as(code).isTrue());
        assertThat(SmartRetries.RETRYABLE).allSatisfy(code -> assertThat(FailureMessages.known(code)).as(code).isTrue());
    }

    @Test
    void aCodeOfItsOwnReadsAsARefusal() {
        assertThat(FailureMessages.known("something_else")).isFalse();
        assertThat(FailureMessages.of("something_else")).isEqualTo(FailureMessages.of("provider_refused"));
        assertThat(FailureMessages.of("stolen_card")).isEqualTo(FailureMessages.of("do_not_honor"));
    }
}
