package dev.payrail.server.stripe;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeObject;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.ApiResource;
import com.stripe.param.ChargeListParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PaymentMethodCreateParams;
import com.stripe.param.PaymentMethodListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.WebhookEndpointCreateParams;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer of the Stripe-compatible surface, for every resource it serves, read by stripe-java into its typed
 * objects: each must parse (a field of the wrong JSON type fails Gson), and each field Payrail sends must be one the
 * library's model has (a field it does not know is a field no Stripe integration reads, or a misspelt one). The objects
 * are gathered from a walk through every endpoint of docs/stripe-compatibility.md.
 */
class StripeContractTest extends ApiTest {
    @Autowired
    StripePort stripePort;

    @Autowired
    dev.payrail.server.ledger.SettlementRun settlement;

    @Test
    void everyAnswerIsReadIntoStripeJavasTypesWithNoFieldItDoesNotKnow() throws Exception {
        StripeClient stripe = StripeClient.builder().setApiKey(api.bearer())
                .setApiBase("http://localhost:" + stripePort.localPort().orElseThrow()).build();
        List<StripeObject> answers = new ArrayList<>();

        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("c@example.com")
                .setName("C").putMetadata("k", "v").build());
        answers.add(customer);
        answers.add(stripe.v1().customers().update(customer.getId(), CustomerUpdateParams.builder().setPhone("+441234").build()));
        answers.add(stripe.v1().customers().retrieve(customer.getId()));
        PaymentMethod card = stripe.v1().paymentMethods().create(PaymentMethodCreateParams.builder()
                .setType(PaymentMethodCreateParams.Type.CARD)
                .setCard(PaymentMethodCreateParams.Token.builder().setToken("tok_mastercard").build()).build());
        answers.add(card);
        answers.add(stripe.v1().paymentMethods().attach(card.getId(), PaymentMethodAttachParams.builder().setCustomer(customer.getId()).build()));
        answers.add(stripe.v1().paymentMethods().retrieve(card.getId()));
        PaymentIntent paid = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("usd")
                .setCustomer(customer.getId()).setPaymentMethod(card.getId()).setConfirm(true)
                .addExpand("latest_charge.balance_transaction").addExpand("payment_method").addExpand("customer").build());
        answers.add(paid);
        PaymentIntent authorized = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(900L).setCurrency("jpy")
                .setPaymentMethod("pm_card_visa").setConfirm(true).setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL).build());
        answers.add(authorized);
        answers.add(stripe.v1().paymentIntents().capture(authorized.getId()));
        PaymentIntent open = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(500L).setCurrency("kwd").build());
        answers.add(open);
        answers.add(stripe.v1().paymentIntents().cancel(open.getId()));
        answers.add(stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(700L).setCurrency("eur")
                .setPaymentMethod("pm_card_threeDSecure2Required").setConfirm(true).setReturnUrl("https://shop.example/back").build()));
        try {
            stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(600L).setCurrency("usd")
                    .setPaymentMethod("pm_card_chargeDeclined").setConfirm(true).build());
        } catch (com.stripe.exception.CardException declined) {
            answers.add(declined.getStripeError());
            answers.add(declined.getStripeError().getPaymentIntent());
        }
        answers.add(stripe.v1().paymentIntents().retrieve(paid.getId()));
        answers.add(stripe.v1().paymentIntents().update(paid.getId(), com.stripe.param.PaymentIntentUpdateParams.builder()
                .putMetadata("note", "gift").addExpand("latest_charge").build()));
        answers.add(stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(10L).build()));
        answers.add(stripe.v1().charges().retrieve(paid.getLatestCharge()));
        answers.add(stripe.v1().charges().list(ChargeListParams.builder().build()));
        Refund refund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(paid.getId()).setAmount(300L)
                .addExpand("balance_transaction").build());
        answers.add(refund);
        answers.add(stripe.v1().refunds().retrieve(refund.getId()));
        answers.add(stripe.v1().refunds().list(RefundListParams.builder().build()));
        answers.add(stripe.v1().paymentMethods().list(PaymentMethodListParams.builder().setCustomer(customer.getId()).build()));
        WebhookEndpoint endpoint = stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                .setUrl("https://hooks.example/stripe").addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL).build());
        answers.add(endpoint);
        answers.add(stripe.v1().webhookEndpoints().retrieve(endpoint.getId()));
        answers.add(stripe.v1().webhookEndpoints().list());
        com.stripe.model.SetupIntent setup = stripe.v1().setupIntents().create(com.stripe.param.SetupIntentCreateParams.builder()
                .setCustomer(customer.getId()).setPaymentMethod("pm_card_visa").setConfirm(true).build());
        answers.add(setup);
        answers.add(stripe.v1().setupIntents().retrieve(setup.getId()));
        com.stripe.model.SetupIntent unconfirmed = stripe.v1().setupIntents().create(com.stripe.param.SetupIntentCreateParams.builder()
                .setCustomer(customer.getId()).build());
        answers.add(stripe.v1().setupIntents().cancel(unconfirmed.getId()));
        answers.add(stripe.v1().setupIntents().list(com.stripe.param.SetupIntentListParams.builder().setCustomer(customer.getId()).build()));
        answers.add(stripe.v1().balance().retrieve());
        com.stripe.model.StripeCollection<com.stripe.model.BalanceTransaction> transactions =
                stripe.v1().balanceTransactions().list(com.stripe.param.BalanceTransactionListParams.builder().build());
        answers.add(transactions);
        answers.add(stripe.v1().balanceTransactions().retrieve(transactions.getData().get(0).getId()));
        settlement.settleDue(java.time.Instant.now().plus(java.time.Duration.ofDays(3)));
        com.stripe.model.Payout payout = stripe.v1().payouts().create(com.stripe.param.PayoutCreateParams.builder()
                .setAmount(100L).setCurrency("usd").setDestination("ba_123").build());
        answers.add(payout);
        answers.add(stripe.v1().payouts().retrieve(payout.getId()));
        answers.add(stripe.v1().payouts().list(com.stripe.param.PayoutListParams.builder().build()));
        answers.add(stripe.v1().paymentMethods().detach(card.getId()));
        routeMerchantTo("stripe");
        PaymentIntent disputed = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(2000L)
                .setCurrency("usd").setPaymentMethod("pm_card_visa").setConfirm(true).build());
        long now = java.time.Instant.now().getEpochSecond();
        assertThat(dev.payrail.server.support.ProviderWebhooks.postStripe(baseUrl(), dev.payrail.server.support.ProviderWebhooks.stripe(
                "evt_" + java.util.UUID.randomUUID(), "charge.dispute.created", now, "{\"id\": \"dp_"
                        + java.util.UUID.randomUUID().toString().replace("-", "") + "\", \"object\": \"dispute\", \"amount\": 2000,"
                        + " \"currency\": \"usd\", \"payment_intent\": \"" + api.get("/v1/payments/" + disputed.getId()).text("provider_reference")
                        + "\", \"reason\": \"fraudulent\", \"status\": \"needs_response\", \"evidence_details\": {\"due_by\": "
                        + (now + 7 * 86_400) + "}, \"metadata\": {}}")).statusCode()).isEqualTo(200);
        com.stripe.model.Dispute dispute = dev.payrail.server.support.Eventually.await("the dispute", java.time.Duration.ofSeconds(15), () -> {
            try {
                return stripe.v1().disputes().list(com.stripe.param.DisputeListParams.builder().build()).getData().stream().findFirst();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        answers.add(stripe.v1().disputes().list(com.stripe.param.DisputeListParams.builder().build()));
        answers.add(stripe.v1().disputes().retrieve(dispute.getId()));
        answers.add(stripe.v1().disputes().update(dispute.getId(), com.stripe.param.DisputeUpdateParams.builder()
                .setEvidence(com.stripe.param.DisputeUpdateParams.Evidence.builder().setProductDescription("A book").build()).build()));
        answers.add(stripe.v1().disputes().close(dispute.getId()));
        StripeCollection<Event> events = stripe.v1().events().list(EventListParams.builder().setLimit(100L).build());
        answers.add(events);
        for (Event event : events.getData()) {
            // the object each event carries, in the type its name says
            answers.add(event.getDataObjectDeserializer().deserializeUnsafe());
        }
        answers.add(stripe.v1().events().retrieve(events.getData().get(0).getId()));
        answers.add(stripe.v1().webhookEndpoints().delete(endpoint.getId()));
        answers.add(stripe.v1().customers().delete(customer.getId()));

        assertThat(events.getData()).extracting(Event::getType).contains("payment_intent.created", "payment_intent.succeeded",
                "payment_intent.payment_failed", "payment_intent.canceled", "payment_intent.amount_capturable_updated",
                "payment_intent.requires_action", "charge.refunded", "refund.created", "customer.created", "customer.updated",
                "payment_method.attached", "payment_method.detached", "setup_intent.succeeded", "setup_intent.canceled",
                "payout.created", "charge.dispute.created", "charge.dispute.closed");
        assertThat(answers).hasSizeGreaterThan(30);
        List<String> unknown = new ArrayList<>();
        for (StripeObject answer : answers) {
            if (answer.getLastResponse() == null) {
                continue;       // an object inside another answer: checked inside that answer
            }
            JsonObject raw = com.google.gson.JsonParser.parseString(answer.getLastResponse().body()).getAsJsonObject();
            if (raw.has("error")) {
                unknownFields(raw.getAsJsonObject("error"), com.stripe.model.StripeError.class, "error", unknown);
            } else if ("list".equals(raw.get("object").getAsString())) {
                for (JsonElement item : raw.getAsJsonArray("data")) {
                    unknownFields(item.getAsJsonObject(), itemType(item.getAsJsonObject()), "list", unknown);
                }
            } else {
                unknownFields(raw, answer.getClass(), answer.getClass().getSimpleName(), unknown);
            }
        }
        JsonObject eventList = com.google.gson.JsonParser.parseString(events.getLastResponse().body()).getAsJsonObject();
        for (JsonElement event : eventList.getAsJsonArray("data")) {
            JsonObject object = event.getAsJsonObject().getAsJsonObject("data").getAsJsonObject("object");
            unknownFields(object, itemType(object), "event.data.object", unknown);
        }
        assertThat(unknown).as("fields Payrail sends that stripe-java's models do not have").isEmpty();
    }

    /** The model class of an object by its {@code object} name. */
    private static Class<?> itemType(JsonObject object) {
        String name = object.get("object").getAsString();
        return switch (name) {
            case "event" -> Event.class;
            case "webhook_endpoint" -> WebhookEndpoint.class;
            case "refund" -> Refund.class;
            case "setup_intent" -> com.stripe.model.SetupIntent.class;
            case "balance_transaction" -> com.stripe.model.BalanceTransaction.class;
            case "payout" -> com.stripe.model.Payout.class;
            case "dispute" -> com.stripe.model.Dispute.class;
            default -> TYPES.get(name);
        };
    }

    /**
     * The non-null fields of {@code raw} (what Payrail sent) that {@code type} has no field for, by the names Gson reads
     * them with (its {@code @SerializedName}, else the field's name in snake case); nested objects are checked against
     * their field's type, an expandable field against the type it expands to.
     */
    private static void unknownFields(JsonObject raw, Class<?> type, String path, List<String> unknown) {
        Map<String, java.lang.reflect.Field> fields = new java.util.HashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                com.google.gson.annotations.SerializedName named = f.getAnnotation(com.google.gson.annotations.SerializedName.class);
                fields.putIfAbsent(named != null ? named.value() : f.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT), f);
            }
        }
        for (Map.Entry<String, JsonElement> entry : raw.entrySet()) {
            if (entry.getValue().isJsonNull()) {
                continue;
            }
            java.lang.reflect.Field field = fields.get(entry.getKey());
            if (field == null) {
                // payrail_code: Payrail's own code beside Stripe's, in an error only (StripeErrors)
                if (!entry.getKey().equals("payrail_code")) {
                    unknown.add(path + "." + entry.getKey());
                }
                continue;
            }
            if (entry.getValue().isJsonObject()) {
                Class<?> nested = nestedType(field);
                if (nested != null) {
                    unknownFields(entry.getValue().getAsJsonObject(), nested, path + "." + entry.getKey(), unknown);
                }
            }
        }
    }

    private static Class<?> nestedType(java.lang.reflect.Field field) {
        if (field.getType() == com.stripe.model.ExpandableField.class
                && field.getGenericType() instanceof java.lang.reflect.ParameterizedType generic
                && generic.getActualTypeArguments()[0] instanceof Class<?> expanded) {
            return expanded;
        }
        return StripeObject.class.isAssignableFrom(field.getType()) ? field.getType() : null;
    }

    /** The types of the objects an answer may carry expanded. */
    private static final Map<String, Class<?>> TYPES = Map.of("charge", Charge.class, "payment_method", PaymentMethod.class,
            "customer", Customer.class, "payment_intent", PaymentIntent.class);

}
