package dev.payrail.server.providers;

import dev.payrail.core.providers.ProviderResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider's answer about another payment or authorization than the one asked about is never applied. */
class AnswerCheckTest {
    private static final ProviderResult OK = new ProviderResult.Succeeded("re_1", false);
    private static final ProviderResult DECLINED = new ProviderResult.Declined("invalid_state", "no", null);

    @Test
    void an_answer_about_what_was_asked_is_kept() {
        assertThat(AnswerCheck.about(OK, "adyen", "paymentPspReference", "psp_a", "psp_a")).isSameAs(OK);
        assertThat(AnswerCheck.about(DECLINED, "adyen", "paymentPspReference", "psp_a", (String) null)).isSameAs(DECLINED);
    }

    @Test
    void a_success_about_another_authorization_or_about_none_is_unknown() {
        assertThat(AnswerCheck.about(OK, "adyen", "paymentPspReference", "psp_a", "psp_b"))
                .isInstanceOfSatisfying(ProviderResult.OutcomeUnknown.class,
                        unknown -> assertThat(unknown.reason()).contains("psp_b").contains("psp_a"));
        assertThat(AnswerCheck.about(OK, "simulator", "authorization", "simauth_a", (String) null))
                .isInstanceOf(ProviderResult.OutcomeUnknown.class);
    }

    @Test
    void a_decline_about_another_authorization_is_unknown_too() {
        assertThat(AnswerCheck.about(DECLINED, "simulator", "id", "simauth_a", "simauth_b"))
                .isInstanceOf(ProviderResult.OutcomeUnknown.class);
    }
}
