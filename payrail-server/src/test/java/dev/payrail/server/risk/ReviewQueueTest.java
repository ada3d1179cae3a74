package dev.payrail.server.risk;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.EventSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review queue over HTTP: a payment the rules hold is authorized uncaptured and a review opens with a deadline
 * before the authorization expires; approving captures it, refusing voids it (with the analyst's reason and note);
 * the merchant's own capture approves it too; events review.opened / review.closed; another merchant sees none of it;
 * the console lists the queue of every merchant.
 */
class ReviewQueueTest extends ApiTest {

    @BeforeEach
    void reviewLargePayments() {
        routeMerchantTo("simulator");
        assertThat(api.post("/v1/risk/rules", "{\"rules\": [{\"id\": \"review-large\", \"action\": \"review\", "
                + "\"condition\": \":amount_in_usd: >= 70\"}]}").status()).isEqualTo(200);
    }

    private JsonNode held(long amount) {
        ApiClient.Response payment = api.post("/v1/payments", payment(amount, "usd", "automatic", VISA), "held-" + UUID.randomUUID());
        assertThat(payment.text("status")).as(payment.body().toString()).isEqualTo("requires_capture");
        assertThat(payment.body().path("review").asString()).startsWith("rev_");
        return payment.body();
    }

    private JsonNode event(String type, String reviewId) {
        for (JsonNode event : api.get("/v1/events?type=" + type + "&limit=50").body().path("data")) {
            if (event.path("data").path("object").path("id").asString().equals(reviewId)) {
                assertThat(EventSchemas.validate(event).isSuccess()).as(EventSchemas.validate(event).toString()).isTrue();
                return event;
            }
        }
        throw new AssertionError("no " + type + " for " + reviewId);
    }

    @Test
    void approving_captures_and_refusing_voids_each_closing_the_review() {
        JsonNode first = held(9000);
        String reviewId = first.path("review").asString();
        JsonNode review = api.get("/v1/reviews/" + reviewId).body();
        assertThat(review.path("status").asString()).isEqualTo("open");
        assertThat(review.path("reason").asString()).isEqualTo("rule:review-large");
        // due a day before the 7-day capture window voids the authorization
        Instant deadline = Instant.ofEpochSecond(review.path("deadline").asLong());
        assertThat(deadline).isBetween(Instant.now().plus(Duration.ofDays(6)).minusSeconds(60),
                Instant.now().plus(Duration.ofDays(6)).plusSeconds(60));
        assertThat(api.get("/v1/reviews").body().path("data").valueStream().map(r -> r.path("id").asString()).toList())
                .contains(reviewId);
        assertThat(event("review.opened", reviewId).path("data").path("object").path("payment").asString())
                .isEqualTo(first.path("id").asString());

        ApiClient.Response approved = api.post("/v1/reviews/" + reviewId + "/approve", "{}", "approve-" + UUID.randomUUID());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("succeeded");
        assertThat(approved.body().path("amount_received").asLong()).isEqualTo(9000);
        JsonNode closed = api.get("/v1/reviews/" + reviewId).body();
        assertThat(closed.path("status").asString()).isEqualTo("approved");
        assertThat(closed.path("closed_reason").asString()).isEqualTo("captured");
        assertThat(event("review.closed", reviewId).path("data").path("object").path("status").asString()).isEqualTo("approved");
        // approving again answers the payment as it is; refusing it now is a conflict
        assertThat(api.post("/v1/reviews/" + reviewId + "/approve", "{}").text("status")).isEqualTo("succeeded");
        assertThat(api.post("/v1/reviews/" + reviewId + "/refuse", "{}").status()).isEqualTo(409);

        JsonNode second = held(8000);
        String refusedId = second.path("review").asString();
        ApiClient.Response refused = api.post("/v1/reviews/" + refusedId + "/refuse",
                "{\"reason\": \"fraudulent\", \"comment\": \"billing and shipping 4,000 km apart\"}", "refuse-" + UUID.randomUUID());
        assertThat(refused.text("status")).isEqualTo("canceled");
        assertThat(refused.body().path("cancellation_reason").asString()).isEqualTo("fraudulent");
        assertThat(refused.body().path("amount_received").asLong()).isZero();
        JsonNode refusal = api.get("/v1/reviews/" + refusedId).body();
        assertThat(refusal.path("status").asString()).isEqualTo("refused");
        assertThat(refusal.path("closed_reason").asString()).isEqualTo("fraudulent");
        assertThat(refusal.path("comment").asString()).contains("4,000 km");
        assertThat(simulator.authorizationsFor(second.path("id").asString()).get(0).path("status").asString())
                .as("voided at the provider").isEqualTo("voided");
        assertThat(api.post("/v1/reviews/" + refusedId + "/refuse", "{\"reason\": \"shoe\"}").status()).isEqualTo(400);
        assertLedgerConsistent();
    }

    @Test
    void the_merchants_own_capture_approves_and_only_its_merchant_sees_a_review() {
        JsonNode held = held(7000);
        String reviewId = held.path("review").asString();
        ApiClient other = newMerchantClient("Another shop");
        assertThat(other.get("/v1/reviews/" + reviewId).status()).isEqualTo(404);
        assertThat(other.post("/v1/reviews/" + reviewId + "/approve", "{}").status()).isEqualTo(404);
        assertThat(other.get("/v1/reviews").body().path("data")).isEmpty();

        // the operators' console lists every merchant's open reviews with the payment each holds
        JsonNode queue = new ApiClient(baseUrl(), ADMIN_TOKEN).get("/v1/admin/console/reviews?limit=100").body();
        JsonNode listed = queue.path("data").valueStream().filter(r -> r.path("id").asString().equals(reviewId)).findFirst()
                .orElseThrow();
        assertThat(listed.path("payment_object").path("outcome").path("rule").asString()).isEqualTo("review-large");

        assertThat(api.post("/v1/payments/" + held.path("id").asString() + "/capture", "{}").text("status")).isEqualTo("succeeded");
        assertThat(api.get("/v1/reviews/" + reviewId).body().path("status").asString()).isEqualTo("approved");
        assertThat(api.get("/v1/reviews?status=approved").body().path("data").path(0).path("id").asString()).isEqualTo(reviewId);
    }
}
