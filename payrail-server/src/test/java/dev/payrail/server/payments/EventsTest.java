package dev.payrail.server.payments;

import com.github.fge.jsonschema.core.report.ProcessingReport;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.EventSchemas;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every event Payrail emits validates against the JSON Schema of its type in docs/events/. */
class EventsTest extends ApiTest {
    private static final Path SCHEMAS = EventSchemas.DIRECTORY;

    @Test
    void every_public_type_has_a_schema() {
        for (String type : PaymentTimeline.PUBLIC_TYPES) {
            assertThat(SCHEMAS.resolve(type + ".schema.json")).as(type).exists();
        }
    }

    @Test
    void every_emitted_event_validates_against_its_schema_and_is_ordered_per_payment() throws Exception {
        String auto = api.post("/v1/payments", payment(1000, "usd", "automatic", VISA)).text("id");
        String manual = api.post("/v1/payments", payment(5000, "jpy", "manual", VISA)).text("id");
        api.post("/v1/payments/" + manual + "/capture", "{\"amount_to_capture\": 4000}");
        api.post("/v1/refunds", "{\"payment\": \"" + manual + "\", \"amount\": 1000}");
        String voided = api.post("/v1/payments", payment(700, "kwd", "manual", VISA)).text("id");
        api.post("/v1/payments/" + voided + "/cancel", "{}");
        api.post("/v1/payments", payment(900, "usd", "automatic", "4000000000009995"));
        String unconfirmed = api.post("/v1/payments", "{\"amount\": 300, \"currency\": \"eur\", \"metadata\": {\"k\": \"v\"}}").text("id");
        api.post("/v1/payments/" + unconfirmed + "/cancel", "{}");
        String customer = api.post("/v1/customers", "{\"email\": \"e@example.com\"}").text("id");
        api.post("/v1/payments", "{\"amount\": 400, \"currency\": \"usd\", \"confirm\": true, \"customer\": \"" + customer
                + "\", \"setup_future_usage\": \"off_session\", \"card\": " + card(VISA) + "}");
        api.post("/v1/customers/" + customer, "{\"name\": \"E\"}");
        routeMerchantTo("simulator");
        String saver = api.post("/v1/customers", "{}").text("id");
        String declined = api.post("/v1/payment_methods", "{\"card\": " + card("4000000000000002") + "}").text("id");
        String good = api.post("/v1/payment_methods", "{\"card\": " + card(VISA) + "}").text("id");
        String setup = api.post("/v1/setup_intents", "{\"customer\": \"" + saver + "\", \"payment_method\": \"" + declined
                + "\", \"confirm\": true}").body().path("error").path("setup_intent").asString();
        api.post("/v1/setup_intents/" + setup + "/confirm", "{\"payment_method\": \"" + good + "\"}");
        String abandoned = api.post("/v1/setup_intents", "{\"customer\": \"" + saver + "\"}").text("id");
        api.post("/v1/setup_intents/" + abandoned + "/cancel", "{}");
        api.post("/v1/setup_intents", "{\"customer\": \"" + saver + "\", \"confirm\": true, \"return_url\": "
                + "\"https://shop.example/back\", \"payment_method\": \"" + api.post("/v1/payment_methods", "{\"card\": "
                + card("4000000000003220") + "}").text("id") + "\"}");
        String account = api.post("/v1/payment_methods", "{\"type\": \"sepa_debit\", \"sepa_debit\": {\"iban\": "
                + "\"DE89370400440532013000\"}, \"billing_details\": {\"name\": \"E\"}}").text("id");
        String mandate = api.post("/v1/mandates", "{\"customer\": \"" + saver + "\", \"payment_method\": \"" + account
                + "\", \"customer_acceptance\": {\"type\": \"online\", \"online\": {\"ip_address\": \"198.51.100.4\", "
                + "\"user_agent\": \"Mozilla/5.0\"}}}").text("id");
        api.post("/v1/mandates/" + mandate + "/revoke", "{}");
        api.delete("/v1/customers/" + customer);

        List<JsonNode> events = allEvents();

        assertThat(events).extracting(e -> e.path("type").asString()).contains("payment.created", "payment.processing",
                "payment.requires_capture", "payment.succeeded", "payment.failed", "payment.canceled", "refund.created",
                "refund.succeeded", "customer.created", "customer.updated", "customer.deleted", "payment_method.attached",
                "payment_method.detached", "setup_intent.created", "setup_intent.setup_failed", "setup_intent.succeeded",
                "setup_intent.canceled", "setup_intent.requires_action", "mandate.created", "mandate.updated")
                .doesNotContain("payment.provider_attempt");
        Map<String, Integer> lastSequence = new HashMap<>();
        List<JsonNode> oldestFirst = new ArrayList<>(events);
        java.util.Collections.reverse(oldestFirst);
        for (JsonNode event : oldestFirst) {
            String type = event.path("type").asString();
            ProcessingReport report = EventSchemas.validate(event);
            assertThat(report.isSuccess()).as(type + " " + event + "\n" + report).isTrue();
            JsonNode object = event.path("data").path("object");
            String payment = "refund".equals(object.path("object").asString()) ? object.path("payment").asString()
                    : object.path("id").asString();
            int sequence = event.path("sequence").intValue();
            assertThat(sequence).as("sequence of " + payment).isGreaterThan(lastSequence.getOrDefault(payment, 0));
            lastSequence.put(payment, sequence);
        }
        ApiClient.Response one = api.get("/v1/events/" + events.get(0).path("id").asString());
        assertThat(one.text("id")).isEqualTo(events.get(0).path("id").asString());
        assertThat(newMerchantClient("Other").get("/v1/events/" + events.get(0).path("id").asString()).status()).isEqualTo(404);
        assertThat(auto).isNotBlank();
    }

    @Test
    void a_schema_catches_a_field_it_does_not_know() throws Exception {
        api.post("/v1/payments", payment(1000, "usd", "automatic", VISA));
        JsonNode event = allEvents().stream().filter(e -> "payment.succeeded".equals(e.path("type").asString()))
                .findFirst().orElseThrow();
        var tampered = (tools.jackson.databind.node.ObjectNode) event.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) tampered.path("data").path("object")).put("surprise", 1);

        assertThat(EventSchemas.validate(event).isSuccess()).isTrue();
        assertThat(EventSchemas.validate(tampered).isSuccess()).isFalse();
        assertThatThrownBy(() -> jdbc.sql("delete from payment_events where merchant_id = ?").param(merchantId).update())
                .hasMessageContaining("append-only");
    }

    private List<JsonNode> allEvents() {
        List<JsonNode> events = new ArrayList<>();
        String after = null;
        do {
            ApiClient.Response page = api.get("/v1/events?limit=5" + (after == null ? "" : "&starting_after=" + after));
            page.body().path("data").forEach(events::add);
            after = page.body().path("has_more").booleanValue() ? events.get(events.size() - 1).path("id").asString() : null;
        } while (after != null);
        return events;
    }
}
