package dev.payrail.server.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentMethodListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.sun.net.httpserver.HttpServer;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official stripe-java library, unmodified, pointed at Payrail's Stripe-compatible port with
 * {@code setApiBase}, as a merchant's existing integration would be: every call below is one that integration makes
 * against Stripe, and what it does is then seen through Payrail's own API.
 */
class StripeLibraryTest extends ApiTest {
    @Autowired
    StripePort stripePort;

    StripeClient stripe;

    @BeforeEach
    void stripeClient() {
        stripe = StripeClient.builder().setApiKey(api.bearer()).setApiBase(stripeBase()).setMaxNetworkRetries(2).build();
    }

    String stripeBase() {
        return "http://localhost:" + stripePort.localPort().orElseThrow();
    }

    @Test
    void aCardPaymentWithAutomaticCaptureIsAPaymentOfPayrail() throws Exception {
        PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(2000L).setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true)
                .putMetadata("order", "A-1").addExpand("latest_charge").build());

        assertThat(intent.getStatus()).isEqualTo("succeeded");
        assertThat(intent.getAmountReceived()).isEqualTo(2000L);
        assertThat(intent.getMetadata()).containsEntry("order", "A-1");
        Charge charge = intent.getLatestChargeObject();
        assertThat(charge.getCaptured()).isTrue();
        assertThat(charge.getPaymentMethodDetails().getCard().getLast4()).isEqualTo("4242");
        assertThat(stripe.v1().charges().retrieve(charge.getId()).getAmountCaptured()).isEqualTo(2000L);
        // the same payment through Payrail's own API
        ApiClient.Response payment = api.get("/v1/payments/" + intent.getId());
        assertThat(payment.text("status")).isEqualTo("succeeded");
        assertThat(payment.body().path("metadata").path("order").asString()).isEqualTo("A-1");
        assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus()).isEqualTo("succeeded");
        // its words may change after the fact, key by key; its money may not
        PaymentIntent updated = stripe.v1().paymentIntents().update(intent.getId(), com.stripe.param.PaymentIntentUpdateParams.builder()
                .setDescription("Order A-1").putMetadata("shipment", "S-9").putMetadata("order", "").build());
        assertThat(updated.getDescription()).isEqualTo("Order A-1");
        assertThat(updated.getMetadata()).containsExactly(java.util.Map.entry("shipment", "S-9"));
        assertThat(api.get("/v1/payments/" + intent.getId()).body().path("metadata").path("shipment").asString()).isEqualTo("S-9");
        assertThatThrownBy(() -> stripe.v1().paymentIntents().update(intent.getId(),
                com.stripe.param.PaymentIntentUpdateParams.builder().setAmount(1L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("amount"));
        assertThat(api.get("/v1/payments/" + intent.getId()).number("amount")).isEqualTo(2000L);
        assertLedgerConsistent();
    }

    @Test
    void aManualCaptureCapturesPartOfTheAuthorization() throws Exception {
        PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(5000L).setCurrency("eur").setPaymentMethod("pm_card_mastercard").setConfirm(true)
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL).build());
        assertThat(intent.getStatus()).isEqualTo("requires_capture");
        assertThat(intent.getAmountCapturable()).isEqualTo(5000L);

        PaymentIntent captured = stripe.v1().paymentIntents().capture(intent.getId(),
                PaymentIntentCaptureParams.builder().setAmountToCapture(3000L).build());

        assertThat(captured.getStatus()).isEqualTo("succeeded");
        assertThat(captured.getAmountReceived()).isEqualTo(3000L);
        assertThat(api.get("/v1/payments/" + intent.getId()).number("amount_received")).isEqualTo(3000L);
        // a second capture is refused as Stripe refuses it: the intent's state does not allow it
        assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(intent.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
    }

    @Test
    void anAuthorizationIsCanceled() throws Exception {
        PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1500L).setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true)
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL).build());

        PaymentIntent canceled = stripe.v1().paymentIntents().cancel(intent.getId(), PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER).build());

        assertThat(canceled.getStatus()).isEqualTo("canceled");
        assertThat(canceled.getCancellationReason()).isEqualTo("requested_by_customer");
        assertThat(api.get("/v1/payments/" + intent.getId()).text("status")).isEqualTo("canceled");
    }

    @Test
    void partialThenFullRefunds() throws Exception {
        PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(4000L).setCurrency("usd").setPaymentMethod("tok_visa").setConfirm(true).build());

        Refund part = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId()).setAmount(1000L).build());
        assertThat(part.getAmount()).isEqualTo(1000L);
        assertThat(part.getPaymentIntent()).isEqualTo(intent.getId());
        Refund rest = stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(intent.getLatestCharge()).build());
        assertThat(rest.getAmount()).isEqualTo(3000L);

        Charge charge = Eventually.await("the charge fully refunded", Duration.ofSeconds(10), () -> {
            try {
                Charge c = stripe.v1().charges().retrieve(intent.getLatestCharge());
                return Optional.of(c).filter(Charge::getRefunded);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(charge.getAmountRefunded()).isEqualTo(4000L);
        assertThat(stripe.v1().refunds().retrieve(part.getId()).getCharge()).isEqualTo(intent.getLatestCharge());
        assertThat(api.get("/v1/refunds?payment=" + intent.getId()).body().path("data")).hasSize(2);
        assertLedgerConsistent();
    }

    @Test
    void aDeclinedCardRaisesCardExceptionWithItsDeclineCode() {
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("usd").setPaymentMethod("pm_card_chargeDeclinedInsufficientFunds")
                .setConfirm(true).build()))
                .isInstanceOfSatisfying(CardException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(402);
                    assertThat(e.getCode()).isEqualTo("card_declined");
                    assertThat(e.getDeclineCode()).isEqualTo("insufficient_funds");
                    PaymentIntent declined = e.getStripeError().getPaymentIntent();
                    assertThat(declined.getStatus()).isEqualTo("requires_payment_method");
                    assertThat(declined.getLastPaymentError().getDeclineCode()).isEqualTo("insufficient_funds");
                    assertThat(e.getCharge()).isEqualTo(declined.getLatestCharge());
                    assertThat(api.get("/v1/payments/" + declined.getId()).text("status")).isEqualTo("failed");
                });
    }

    @Test
    void aThreeDSecureCardRequiresAction() throws Exception {
        PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(2500L).setCurrency("eur").setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true)
                .setReturnUrl("https://shop.example/return").build());

        assertThat(intent.getStatus()).isEqualTo("requires_action");
        assertThat(intent.getNextAction().getType()).isEqualTo("redirect_to_url");
        assertThat(intent.getNextAction().getRedirectToUrl().getUrl()).startsWith("http");
        assertThat(intent.getNextAction().getRedirectToUrl().getReturnUrl()).isEqualTo("https://shop.example/return");
        assertThat(intent.getLatestCharge()).isNull();
    }

    @Test
    void aCustomersSavedCardIsChargedOffSession() throws Exception {
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder()
                .setEmail("jenny@example.com").setName("Jenny Rosen").build());
        PaymentIntent first = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("usd").setCustomer(customer.getId()).setPaymentMethod("pm_card_visa")
                .setSetupFutureUsage(PaymentIntentCreateParams.SetupFutureUsage.OFF_SESSION).setConfirm(true).build());
        assertThat(first.getStatus()).isEqualTo("succeeded");

        List<PaymentMethod> saved = stripe.v1().paymentMethods().list(PaymentMethodListParams.builder()
                .setCustomer(customer.getId()).setType(PaymentMethodListParams.Type.CARD).build()).getData();
        assertThat(saved).extracting(PaymentMethod::getId).containsExactly(first.getPaymentMethod());

        PaymentIntent later = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1999L).setCurrency("usd").setCustomer(customer.getId()).setPaymentMethod(saved.get(0).getId())
                .setOffSession(true).setConfirm(true).build());

        assertThat(later.getStatus()).isEqualTo("succeeded");
        assertThat(later.getCustomer()).isEqualTo(customer.getId());
        ApiClient.Response payment = api.get("/v1/payments/" + later.getId());
        assertThat(payment.body().path("off_session").asString()).isNotEqualTo("false");
        assertThat(payment.body().path("payment_method_details").path("card").path("network_transaction_id").isNull()).isFalse();
    }

    @Test
    void aRetryWithTheSameKeyIsAnsweredAlikeAndOtherParametersAreRefused() throws Exception {
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("order-" + merchantId).build();
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder().setAmount(700L).setCurrency("usd")
                .setPaymentMethod("pm_card_visa").setConfirm(true).build();

        PaymentIntent first = stripe.v1().paymentIntents().create(params, key);
        PaymentIntent again = stripe.v1().paymentIntents().create(params, key);

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(again.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(again.getLastResponse().body()).isEqualTo(first.getLastResponse().body());
        assertThat(count("payments")).isEqualTo(1);
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(800L)
                .setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true).build(), key))
                .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
        assertThat(count("payments")).isEqualTo(1);
    }

    @Test
    void autoPaginationWalksEveryPage() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(stripe.v1().customers().create(CustomerCreateParams.builder().setName("Customer " + i).build()).getId());
        }
        List<String> seen = new ArrayList<>();
        stripe.v1().customers().list(CustomerListParams.builder().setLimit(2L).build()).autoPagingIterable()
                .forEach(c -> seen.add(c.getId()));

        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        // the pages before an object with ending_before, newest first: the two just newer than the oldest, then the rest
        int n = seen.size();
        StripeCollection<Customer> before = stripe.v1().customers().list(CustomerListParams.builder().setLimit(2L)
                .setEndingBefore(seen.get(n - 1)).build());
        assertThat(before.getData()).extracting(Customer::getId).containsExactly(seen.get(n - 3), seen.get(n - 2));
        assertThat(before.getHasMore()).isTrue();
        StripeCollection<Customer> newest = stripe.v1().customers().list(CustomerListParams.builder().setLimit(2L)
                .setEndingBefore(seen.get(n - 3)).build());
        assertThat(newest.getData()).extracting(Customer::getId).containsExactly(seen.get(n - 5), seen.get(n - 4));
        assertThat(newest.getHasMore()).isFalse();
        // events page the same way, over Payrail's events this surface has no words for
        List<Event> events = stripe.v1().events().list(com.stripe.param.EventListParams.builder().setLimit(100L).build()).getData();
        StripeCollection<Event> newerEvents = stripe.v1().events().list(com.stripe.param.EventListParams.builder().setLimit(2L)
                .setEndingBefore(events.get(events.size() - 1).getId()).build());
        assertThat(newerEvents.getData()).extracting(Event::getId)
                .containsExactly(events.get(events.size() - 3).getId(), events.get(events.size() - 2).getId());
    }

    @Test
    void theLibrarysClassicStaticStyleWorksWithOverrideApiBase() throws Exception {
        String base = com.stripe.Stripe.getApiBase();
        try {
            com.stripe.Stripe.apiKey = api.bearer();
            com.stripe.Stripe.overrideApiBase(stripeBase());
            Customer created = Customer.create(CustomerCreateParams.builder().setEmail("classic@example.com").build());
            PaymentIntent paid = PaymentIntent.create(PaymentIntentCreateParams.builder().setAmount(990L).setCurrency("gbp")
                    .setCustomer(created.getId()).setPaymentMethod("pm_card_visa").setConfirm(true).build());
            assertThat(paid.getStatus()).isEqualTo("succeeded");
            assertThat(PaymentIntent.retrieve(paid.getId()).getCustomer()).isEqualTo(created.getId());
            assertThat(api.get("/v1/customers/" + created.getId()).text("email")).isEqualTo("classic@example.com");
        } finally {
            com.stripe.Stripe.apiKey = null;
            com.stripe.Stripe.overrideApiBase(base);
        }
    }

    @Test
    void keysAreTakenAsBearerOrBasicAndABadOneIsAnAuthenticationError() throws Exception {
        HttpResponse<String> basic = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stripeBase() + "/v1/customers"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((api.bearer() + ":").getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(200);
        assertThat(basic.headers().firstValue("Stripe-Version")).contains(StripeObjects.API_VERSION);

        StripeClient wrong = StripeClient.builder().setApiKey("sk_test_" + "x".repeat(24)).setApiBase(stripeBase()).build();
        assertThatThrownBy(() -> wrong.v1().customers().list(CustomerListParams.builder().build()))
                .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(100L)
                .setCurrency("usd").putExtraParam("statement_descriptor", "SHOP").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getParam()).isEqualTo("statement_descriptor");
                    assertThat(e.getMessage()).contains("Received unknown parameter: statement_descriptor");
                });
        assertThat(count("payments")).isZero();
        // Payrail's own port does not serve the Stripe paths
        assertThat(api.get("/stripe/v1/customers").status()).isEqualTo(404);
    }

    @Test
    void aDeliveredWebhookIsVerifiedByTheLibrarysConstructEvent() throws Exception {
        ConcurrentLinkedQueue<String[]> received = new ConcurrentLinkedQueue<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/stripe-hook", exchange -> {
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[]{payload, exchange.getRequestHeaders().getFirst("Stripe-Signature")});
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.start();
        try {
            WebhookEndpoint registered = stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                    .setUrl("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/stripe-hook")
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.PAYMENT_INTENT__SUCCEEDED)
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.CHARGE__REFUNDED).build());
            assertThat(registered.getSecret()).startsWith("whsec_");
            assertThat(registered.getEnabledEvents()).containsExactlyInAnyOrder("payment_intent.succeeded", "charge.refunded");

            PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                    .setAmount(1234L).setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true).build());
            stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent.getId()).build());

            List<Event> events = Eventually.await("two deliveries", Duration.ofSeconds(15),
                    () -> received.size() >= 2 ? Optional.of(verified(received, registered.getSecret())) : Optional.empty());
            assertThat(events).extracting(Event::getType).containsExactlyInAnyOrder("payment_intent.succeeded", "charge.refunded");
            Event succeeded = events.stream().filter(e -> e.getType().equals("payment_intent.succeeded")).findFirst().orElseThrow();
            PaymentIntent delivered = (PaymentIntent) succeeded.getDataObjectDeserializer().getObject().orElseThrow();
            assertThat(delivered.getId()).isEqualTo(intent.getId());
            Event refunded = events.stream().filter(e -> e.getType().equals("charge.refunded")).findFirst().orElseThrow();
            assertThat(((Charge) refunded.getDataObjectDeserializer().getObject().orElseThrow()).getRefunded()).isTrue();
            // the same events listed through the Stripe API, and a forged signature refused by the library
            assertThat(stripe.v1().events().retrieve(succeeded.getId()).getType()).isEqualTo("payment_intent.succeeded");
            String[] one = received.peek();
            assertThatThrownBy(() -> Webhook.constructEvent(one[0], one[1], "whsec_not_the_secret"))
                    .isInstanceOf(com.stripe.exception.SignatureVerificationException.class);
        } finally {
            endpoint.stop(0);
        }
    }

    private static List<Event> verified(ConcurrentLinkedQueue<String[]> received, String secret) {
        List<Event> events = new ArrayList<>();
        for (String[] delivery : received) {
            try {
                events.add(Webhook.constructEvent(delivery[0], delivery[1], secret));
            } catch (Exception e) {
                throw new AssertionError("delivery not verified by stripe-java: " + e, e);
            }
        }
        return events;
    }
}
