package dev.payrail.server.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.payrail.server.api.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stripe's form parameters as its libraries encode them, and Stripe's webhook signature during a secret rotation. */
class StripeFormTest {

    @Test
    void nestedNamesListsAndIndexesAreReadAsStripeWritesThem() {
        StripeForm form = StripeForm.parse("amount=2000&metadata%5Border%5D=A%2B1&metadata[note]=&expand[0]=latest_charge"
                + "&expand[1]=customer&payment_method_types[]=card&payment_method_data[card][exp_month]=12&confirm=true");

        assertThat(form.integer("amount")).contains(2000L);
        assertThat(form.bool("confirm")).contains(true);
        assertThat(form.strings("metadata")).contains(Map.of("order", "A+1", "note", ""));
        assertThat(form.list("expand")).containsExactly("latest_charge", "customer");
        assertThat(form.list("payment_method_types")).containsExactly("card");
        StripeForm card = form.object("payment_method_data").orElseThrow().object("card").orElseThrow();
        assertThat(card.integer("exp_month")).contains(12L);
        assertThat(card.param("exp_month")).isEqualTo("payment_method_data[card][exp_month]");
        assertThat(StripeForm.parse("metadata=").strings("metadata")).contains(Map.of());
    }

    @Test
    void wrongNamesAndTypesAreRefusedNamingTheParameterAsStripeDoes() {
        assertThatThrownBy(() -> StripeForm.parse("amount=1&colour=red").allowOnly(Set.of("amount")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.param()).isEqualTo("colour");
                    assertThat(e.getMessage()).isEqualTo("Received unknown parameter: colour");
                });
        assertThatThrownBy(() -> StripeForm.parse("card[colour]=red").object("card").orElseThrow().allowOnly(Set.of("number")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("card[colour]"));
        assertThatThrownBy(() -> StripeForm.parse("amount=12.5").integer("amount"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("parameter_invalid_integer"));
        assertThatThrownBy(() -> StripeForm.parse("confirm=yes").bool("confirm"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("parameter_invalid_boolean"));
        assertThatThrownBy(() -> StripeForm.parse("card=4242").object("card"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("card"));
        assertThatThrownBy(() -> StripeForm.parse("a[b=1"))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> StripeForm.parse("expand[]=invoice").expand(Set.of("latest_charge")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("expand"));
    }

    @Test
    void duringARotationEitherLiveSecretVerifiesTheDeliveryAndNoOtherDoes() throws Exception {
        String body = "{\"id\": \"evt_1\", \"object\": \"event\", \"api_version\": \"" + StripeObjects.API_VERSION
                + "\", \"type\": \"payment_intent.succeeded\", \"data\": {\"object\": {\"id\": \"pay_1\", \"object\": \"payment_intent\"}}}";
        Map.Entry<String, String> signature = new StripeEvents(null, null, null).signature(List.of("whsec_new", "whsec_old"),
                Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));

        assertThat(signature.getKey()).isEqualTo("Stripe-Signature");
        assertThat(Webhook.constructEvent(body, signature.getValue(), "whsec_new").getId()).isEqualTo("evt_1");
        assertThat(Webhook.constructEvent(body, signature.getValue(), "whsec_old").getId()).isEqualTo("evt_1");
        assertThatThrownBy(() -> Webhook.constructEvent(body, signature.getValue(), "whsec_other"))
                .isInstanceOf(SignatureVerificationException.class);
        assertThatThrownBy(() -> Webhook.constructEvent(body.replace("pay_1", "pay_2"), signature.getValue(), "whsec_new"))
                .isInstanceOf(SignatureVerificationException.class);
    }
}
