package dev.payrail.server.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.model.Balance;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Customer;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Payout;
import com.stripe.model.SetupIntent;
import com.stripe.param.BalanceTransactionListParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.DisputeListParams;
import com.stripe.param.DisputeUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PayoutCreateParams;
import com.stripe.param.PayoutListParams;
import com.stripe.param.SetupIntentCreateParams;
import dev.payrail.server.ledger.SettlementRun;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.ProviderWebhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * stripe-java against the Stripe-compatible surface for the money after the payment: setup intents, the balance and
 * its transactions, payouts and disputes, each then seen through Payrail's own API.
 */
class StripeFundsTest extends ApiTest {
    @Autowired
    StripePort stripePort;

    @Autowired
    SettlementRun settlement;

    StripeClient stripe;

    @BeforeEach
    void stripeClient() {
        stripe = StripeClient.builder().setApiKey(api.bearer())
                .setApiBase("http://localhost:" + stripePort.localPort().orElseThrow()).build();
    }

    @Test
    void aSetupIntentSavesACardThatIsThenChargedOffSession() throws Exception {
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("sub@example.com").build());

        SetupIntent setup = stripe.v1().setupIntents().create(SetupIntentCreateParams.builder().setCustomer(customer.getId())
                .setPaymentMethod("pm_card_visa").setUsage(SetupIntentCreateParams.Usage.OFF_SESSION).setConfirm(true).build());

        assertThat(setup.getStatus()).isEqualTo("succeeded");
        assertThat(setup.getPaymentMethod()).startsWith("pm_");
        assertThat(stripe.v1().setupIntents().retrieve(setup.getId()).getCustomer()).isEqualTo(customer.getId());
        assertThat(api.get("/v1/setup_intents/" + setup.getId()).text("status")).isEqualTo("succeeded");
        PaymentIntent renewal = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(1500L)
                .setCurrency("eur").setCustomer(customer.getId()).setPaymentMethod(setup.getPaymentMethod())
                .setOffSession(true).setConfirm(true).build());
        assertThat(renewal.getStatus()).isEqualTo("succeeded");
        // a declined verification is Stripe's card error carrying the setup intent, which waits for another card
        assertThatThrownBy(() -> stripe.v1().setupIntents().create(SetupIntentCreateParams.builder().setCustomer(customer.getId())
                .setPaymentMethod("pm_card_chargeDeclined").setConfirm(true).build()))
                .isInstanceOfSatisfying(CardException.class, e -> {
                    assertThat(e.getStripeError().getSetupIntent().getStatus()).isEqualTo("requires_payment_method");
                    assertThat(e.getDeclineCode()).isNotBlank();
                });
    }

    @Test
    void theBalanceItsTransactionsAndAPayout() throws Exception {
        PaymentIntent paid = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(10_000L).setCurrency("usd")
                .setPaymentMethod("pm_card_visa").setConfirm(true).addExpand("latest_charge.balance_transaction").build());
        // the charge's fee as the ledger booked it, through Stripe's expand, as a finance integration reads it
        BalanceTransaction ofCharge = paid.getLatestChargeObject().getBalanceTransactionObject();
        assertThat(ofCharge.getType()).isEqualTo("charge");
        assertThat(ofCharge.getSource()).isEqualTo(paid.getLatestCharge());
        assertThat(ofCharge.getFee()).isPositive();
        assertThat(ofCharge.getNet()).isEqualTo(10_000L - ofCharge.getFee());
        com.stripe.model.Refund refund = stripe.v1().refunds().create(com.stripe.param.RefundCreateParams.builder()
                .setPaymentIntent(paid.getId()).setAmount(1_000L).addExpand("balance_transaction").build());
        assertThat(refund.getBalanceTransactionObject().getType()).isEqualTo("refund");
        assertThat(refund.getBalanceTransactionObject().getAmount()).isEqualTo(-1_000L);
        assertThat(stripe.v1().charges().retrieve(paid.getLatestCharge()).getBalanceTransaction()).isEqualTo(ofCharge.getId());
        Balance pending = stripe.v1().balance().retrieve();
        assertThat(pending.getPending()).anySatisfy(a -> {
            assertThat(a.getCurrency()).isEqualTo("usd");
            assertThat(a.getAmount()).isPositive();
        });
        List<BalanceTransaction> transactions = stripe.v1().balanceTransactions().list(BalanceTransactionListParams.builder().build()).getData();
        assertThat(transactions).isNotEmpty();
        BalanceTransaction charge = transactions.get(transactions.size() - 1);
        assertThat(charge.getFee()).isPositive();
        assertThat(charge.getNet()).isEqualTo(charge.getAmount() - charge.getFee());
        assertThat(stripe.v1().balanceTransactions().retrieve(charge.getId()).getAmount()).isEqualTo(charge.getAmount());

        settlement.settleDue(Instant.now().plus(Duration.ofDays(3)));
        long available = stripe.v1().balance().retrieve().getAvailable().stream().filter(a -> a.getCurrency().equals("usd"))
                .mapToLong(Balance.Available::getAmount).sum();
        assertThat(available).isEqualTo(balance("available", "usd")).isPositive();

        Payout payout = stripe.v1().payouts().create(PayoutCreateParams.builder().setAmount(5_000L).setCurrency("usd").setDestination("ba_123").build());
        assertThat(payout.getAmount()).isEqualTo(5_000L);
        assertThat(stripe.v1().payouts().retrieve(payout.getId()).getStatus()).isIn("pending", "in_transit", "paid");
        assertThat(stripe.v1().payouts().list(PayoutListParams.builder().build()).getData()).extracting(Payout::getId).contains(payout.getId());
        assertThat(balance("available", "usd")).isEqualTo(available - 5_000);
        assertThat(api.get("/v1/payouts/" + payout.getId()).number("amount")).isEqualTo(5_000L);
        assertLedgerConsistent();
    }

    @Test
    void aDisputeIsAnsweredWithEvidenceOrClosed() throws Exception {
        routeMerchantTo("stripe");
        PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(3_000L)
                .setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true).build());
        String reference = api.get("/v1/payments/" + intent.getId()).text("provider_reference");
        long now = Instant.now().getEpochSecond();
        byte[] notice = ProviderWebhooks.stripe("evt_" + UUID.randomUUID(), "charge.dispute.created", now, "{\"id\": \"dp_"
                + UUID.randomUUID().toString().replace("-", "") + "\", \"object\": \"dispute\", \"amount\": 3000, \"currency\": \"usd\","
                + " \"payment_intent\": \"" + reference + "\", \"reason\": \"fraudulent\", \"status\": \"needs_response\","
                + " \"evidence_details\": {\"due_by\": " + (now + 7 * 86_400) + "}, \"metadata\": {}}");
        assertThat(ProviderWebhooks.postStripe(baseUrl(), notice).statusCode()).isEqualTo(200);

        Dispute dispute = Eventually.await("the dispute", Duration.ofSeconds(15), () -> {
            try {
                return stripe.v1().disputes().list(DisputeListParams.builder().build()).getData().stream().findFirst();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(dispute.getPaymentIntent()).isEqualTo(intent.getId());
        assertThat(dispute.getCharge()).isEqualTo(intent.getLatestCharge());
        assertThat(dispute.getStatus()).isEqualTo("needs_response");

        Dispute answered = stripe.v1().disputes().update(dispute.getId(), DisputeUpdateParams.builder()
                .setEvidence(DisputeUpdateParams.Evidence.builder().setCustomerName("Jenny Rosen")
                        .setUncategorizedText("Delivered and signed for.").build()).build());
        assertThat(answered.getEvidence().getCustomerName()).isEqualTo("Jenny Rosen");
        assertThat(answered.getEvidenceDetails().getHasEvidence()).isTrue();

        Dispute closed = stripe.v1().disputes().close(dispute.getId());
        assertThat(closed.getStatus()).isEqualTo("lost");
        assertThat(api.get("/v1/disputes/" + dispute.getId()).text("status")).isEqualTo("lost");
        List<Event> events = stripe.v1().events().list(EventListParams.builder().setLimit(100L).build()).getData();
        assertThat(events).extracting(Event::getType).contains("charge.dispute.created", "charge.dispute.closed");
        Optional<Event> created = events.stream().filter(e -> e.getType().equals("charge.dispute.created")).findFirst();
        assertThat(((Dispute) created.orElseThrow().getDataObjectDeserializer().getObject().orElseThrow()).getId())
                .isEqualTo(dispute.getId());
        assertLedgerConsistent();
    }
}
