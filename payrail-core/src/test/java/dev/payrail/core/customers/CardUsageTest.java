package dev.payrail.core.customers;

import dev.payrail.core.providers.StoredCredential;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.payrail.core.customers.CardUsage.OffSession.NO;
import static dev.payrail.core.customers.CardUsage.OffSession.ONE_OFF;
import static dev.payrail.core.customers.CardUsage.OffSession.RECURRING;
import static dev.payrail.core.customers.CardUsage.SavedFor.OFF_SESSION;
import static dev.payrail.core.customers.CardUsage.SavedFor.ON_SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CardUsageTest {
    private static final String CUSTOMER = "cus_1";
    private static final CardUsage.Saved FOR_LATER = new CardUsage.Saved(CUSTOMER, OFF_SESSION, "ntx_first");

    @Test
    void a_one_off_payment_stores_nothing() {
        assertThat(CardUsage.decide(null, Optional.empty(), Optional.empty(), NO).credential()).isEqualTo(StoredCredential.NONE);
    }

    @Test
    void saving_while_paying_is_the_first_of_a_series_and_needs_a_customer() {
        assertThat(CardUsage.decide(CUSTOMER, Optional.empty(), Optional.of(OFF_SESSION), NO).credential().use())
                .isEqualTo(StoredCredential.Use.FIRST_OFF_SESSION);
        assertThat(CardUsage.decide(CUSTOMER, Optional.empty(), Optional.of(ON_SESSION), NO).credential().use())
                .isEqualTo(StoredCredential.Use.FIRST_ON_SESSION);
        CardUsage.Decision nobody = CardUsage.decide(null, Optional.empty(), Optional.of(OFF_SESSION), NO);
        assertThat(nobody.refusalParam()).isEqualTo("customer");
    }

    @Test
    void an_off_session_payment_cites_the_first_payment_and_says_whether_it_recurs() {
        CardUsage.Decision unscheduled = CardUsage.decide(CUSTOMER, Optional.of(FOR_LATER), Optional.empty(), ONE_OFF);
        assertThat(unscheduled.credential()).isEqualTo(new StoredCredential(StoredCredential.Use.UNSCHEDULED, "ntx_first"));
        assertThat(CardUsage.decide(CUSTOMER, Optional.of(FOR_LATER), Optional.empty(), RECURRING).credential().use())
                .isEqualTo(StoredCredential.Use.RECURRING);
        assertThat(unscheduled.credential().merchantInitiated()).isTrue();
    }

    @Test
    void off_session_is_refused_for_a_card_not_consented_to_it_or_without_a_first_payment() {
        assertThat(CardUsage.decide(CUSTOMER, Optional.empty(), Optional.empty(), ONE_OFF).refusalCode())
                .isEqualTo("payment_method_not_saved_for_off_session");
        assertThat(CardUsage.decide(CUSTOMER, Optional.of(new CardUsage.Saved(CUSTOMER, ON_SESSION, "ntx")), Optional.empty(),
                ONE_OFF).refusalCode()).isEqualTo("payment_method_not_saved_for_off_session");
        assertThat(CardUsage.decide(CUSTOMER, Optional.of(new CardUsage.Saved(CUSTOMER, OFF_SESSION, null)), Optional.empty(),
                ONE_OFF).refusalCode()).isEqualTo("payment_method_without_network_transaction");
        assertThat(CardUsage.decide(CUSTOMER, Optional.of(FOR_LATER), Optional.of(OFF_SESSION), ONE_OFF).refusalParam())
                .as("nobody is there to consent").isEqualTo("setup_future_usage");
    }

    @Test
    void a_card_saved_to_a_customer_pays_only_for_that_customer() {
        assertThat(CardUsage.decide("cus_other", Optional.of(FOR_LATER), Optional.empty(), NO).refusalCode())
                .isEqualTo("payment_method_customer_mismatch");
        assertThat(CardUsage.decide(null, Optional.of(FOR_LATER), Optional.empty(), NO).refusalParam()).isEqualTo("customer");
    }

    @Test
    void the_customer_paying_again_with_a_saved_card_is_a_later_customer_initiated_payment() {
        assertThat(CardUsage.decide(CUSTOMER, Optional.of(FOR_LATER), Optional.empty(), NO).credential())
                .isEqualTo(new StoredCredential(StoredCredential.Use.ON_SESSION, "ntx_first"));
        // consenting to off-session use of a card saved for on-session use starts a series
        assertThat(CardUsage.decide(CUSTOMER, Optional.of(new CardUsage.Saved(CUSTOMER, ON_SESSION, null)), Optional.of(OFF_SESSION),
                NO).credential().use()).isEqualTo(StoredCredential.Use.FIRST_OFF_SESSION);
    }

    @Test
    void a_merchant_initiated_credential_without_a_citation_cannot_be_made() {
        assertThatThrownBy(() -> new StoredCredential(StoredCredential.Use.UNSCHEDULED, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
