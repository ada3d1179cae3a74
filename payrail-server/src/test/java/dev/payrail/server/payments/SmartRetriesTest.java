package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.EventSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smart retries of merchant-initiated payments over HTTP, against the simulator's issuers (told what to answer): a
 * soft decline is tried again on schedule until approved, a hard decline never, a schedule stops after its attempts,
 * a merchant's cancel stops it, and the card networks' limits count the card's declines across its payments. The
 * test profile's schedule runs in 300 ms steps instead of days.
 */
class SmartRetriesTest extends ApiTest {

    @BeforeEach
    void simulatorOnly() {
        routeMerchantTo("simulator");
    }

    /** A customer whose card {@code number} was saved for off-session use by a payment they made. */
    private record SavedCard(String customer, String paymentMethod, String last4) {
    }

    private SavedCard save(String number) {
        String customer = api.post("/v1/customers", "{\"email\": \"renewals@example.com\"}").text("id");
        ApiClient.Response signup = api.post("/v1/payments", "{\"amount\": 1000, \"currency\": \"eur\", \"confirm\": true, "
                + "\"customer\": \"" + customer + "\", \"setup_future_usage\": \"off_session\", " + "\"card\": "
                + card(number) + "}", "signup-" + UUID.randomUUID());
        assertThat(signup.text("status")).as(signup.body().toString()).isEqualTo("succeeded");
        api.await("/v1/customers/" + customer + "/payment_methods", r -> r.body().path("data").size() == 1, Duration.ofSeconds(10));
        return new SavedCard(customer, signup.text("payment_method"), number.substring(number.length() - 4));
    }

    private ApiClient.Response renewal(SavedCard card, boolean smartRetries) {
        return api.post("/v1/payments", "{\"amount\": 1500, \"currency\": \"eur\", \"confirm\": true, \"off_session\": "
                + "\"recurring\", \"customer\": \"" + card.customer() + "\", \"payment_method\": \"" + card.paymentMethod()
                + "\", \"smart_retries\": " + smartRetries + "}", "renewal-" + UUID.randomUUID());
    }

    private List<JsonNode> events(String paymentId, String type) {
        List<JsonNode> found = new java.util.ArrayList<>();
        api.get("/v1/events?type=" + type + "&limit=100").body().path("data").forEach(e -> {
            if (e.path("data").path("object").path("id").asString().equals(paymentId)) {
                found.add(e);
            }
        });
        return found;
    }

    private static long declined(List<JsonNode> authorizations) {
        return authorizations.stream().filter(a -> a.path("status").asString().equals("declined")).count();
    }

    @Test
    void a_soft_declined_renewal_is_retried_on_schedule_until_the_issuer_approves_it_and_charged_once() {
        SavedCard card = save("4000007777019305");
        simulator.instructIssuer("simulator", "visa", card.last4(), "insufficient_funds", 2);

        ApiClient.Response first = renewal(card, true);
        assertThat(first.status()).as(first.body().toString()).isEqualTo(402);
        assertThat(first.body().path("error").path("decline_code").asString()).isEqualTo("insufficient_funds");
        String id = first.body().path("error").path("payment").asString();
        JsonNode waiting = api.get("/v1/payments/" + id).body();
        assertThat(waiting.path("status").asString()).isIn("requires_payment_method", "processing", "succeeded");

        JsonNode paid = api.await("/v1/payments/" + id, r -> "succeeded".equals(r.text("status")), Duration.ofSeconds(15)).body();
        assertThat(paid.path("retries").path("attempts").asInt()).isEqualTo(3);
        assertThat(paid.path("retries").path("ended").asString()).isEqualTo("succeeded");
        assertThat(paid.path("retries").path("next_attempt_at").isNull()).isTrue();
        assertThat(paid.path("amount_received").asLong()).isEqualTo(1500);
        List<JsonNode> authorizations = simulator.authorizationsFor(id);
        assertThat(authorizations).hasSize(3);
        assertThat(declined(authorizations)).isEqualTo(2);
        assertThat(authorizations.stream().filter(a -> a.path("status").asString().equals("captured"))).hasSize(1);

        List<JsonNode> scheduled = events(id, "payment.retry_scheduled");
        assertThat(scheduled).hasSize(2);
        scheduled.forEach(event -> {
            assertThat(EventSchemas.validate(event).isSuccess()).as(EventSchemas.validate(event).toString()).isTrue();
            assertThat(event.path("data").path("object").path("status").asString()).isEqualTo("requires_payment_method");
            assertThat(event.path("data").path("object").path("retries").path("next_attempt_at").isNumber()).isTrue();
            assertThat(event.path("data").path("object").path("last_payment_error").path("code").asString())
                    .isEqualTo("insufficient_funds");
        });
        assertThat(events(id, "payment.failed")).isEmpty();
        // each retry was confirmed by the sweeper, under an operation of its own
        List<String> actors = jdbc.sql("select actor from payment_events where payment_id = ? and type = 'payment.processing' "
                + "order by seq").param(id).query(String.class).list();
        assertThat(actors).hasSize(3);
        assertThat(actors.subList(1, 3)).allSatisfy(actor -> assertThat(actor).contains("smart_retries"));
        assertLedgerConsistent();

        // the console's routing page lists the schedule as ended by the approval, with its attempts
        assertThat(endedSchedule(id).path("retry_stop_reason").asString()).isEqualTo("succeeded");
        assertThat(endedSchedule(id).path("retry_attempts").asInt()).isEqualTo(3);
    }

    private JsonNode endedSchedule(String paymentId) {
        JsonNode routing = new ApiClient(baseUrl(), ADMIN_TOKEN).get("/v1/admin/console/routing").body();
        for (JsonNode schedule : routing.path("retry_schedules").path("ended")) {
            if (paymentId.equals(schedule.path("id").asString())) {
                return schedule;
            }
        }
        throw new AssertionError("no ended schedule for " + paymentId + " in " + routing.path("retry_schedules"));
    }

    @Test
    void a_hard_decline_is_never_retried() throws InterruptedException {
        SavedCard card = save("4000007777019313");
        simulator.instructIssuer("simulator", "visa", card.last4(), "stolen_card", 1);

        ApiClient.Response declined = renewal(card, true);
        assertThat(declined.status()).isEqualTo(402);
        String id = declined.body().path("error").path("payment").asString();
        Thread.sleep(1_000);                     // three retry delays: long enough for a retry that should not be
        JsonNode payment = api.get("/v1/payments/" + id).body();
        assertThat(payment.path("status").asString()).isEqualTo("failed");
        assertThat(payment.path("retries").path("ended").asString()).isEqualTo("hard_decline");
        assertThat(payment.path("retries").path("attempts").asInt()).isEqualTo(1);
        assertThat(simulator.authorizationsFor(id)).hasSize(1);
        assertThat(events(id, "payment.retry_scheduled")).isEmpty();
        assertThat(events(id, "payment.failed")).hasSize(1);
    }

    @Test
    void a_card_that_keeps_declining_is_tried_as_often_as_the_schedule_allows_then_fails() {
        SavedCard card = save("4000007777019321");
        simulator.instructIssuer("simulator", "visa", card.last4(), "do_not_honor", 20);

        String id = renewal(card, true).body().path("error").path("payment").asString();
        JsonNode failed = api.await("/v1/payments/" + id, r -> "failed".equals(r.text("status")), Duration.ofSeconds(20)).body();
        assertThat(failed.path("retries").path("attempts").asInt()).isEqualTo(8);
        assertThat(failed.path("retries").path("ended").asString()).isEqualTo("attempts_exhausted");
        assertThat(failed.path("failure_code").asString()).isEqualTo("do_not_honor");
        assertThat(declined(simulator.authorizationsFor(id))).isEqualTo(8);
        assertThat(simulator.authorizationsFor(id)).hasSize(8);
        assertThat(events(id, "payment.retry_scheduled")).hasSize(7);
        assertThat(events(id, "payment.failed")).hasSize(1);
    }

    @Test
    void canceling_the_payment_cancels_its_retries() throws InterruptedException {
        SavedCard card = save("4000007777019339");
        simulator.instructIssuer("simulator", "visa", card.last4(), "insufficient_funds", 20);

        String id = renewal(card, true).body().path("error").path("payment").asString();
        ApiClient.Response canceled = api.post("/v1/payments/" + id + "/cancel", "{}", "cancel-" + UUID.randomUUID());
        for (int i = 0; canceled.status() == 409 && i < 50; i++) {
            Thread.sleep(50);                    // a retry was in flight: its answer comes first
            canceled = api.post("/v1/payments/" + id + "/cancel", "{}", "cancel-" + UUID.randomUUID());
        }
        assertThat(canceled.status()).as(canceled.body().toString()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(canceled.body().path("retries").path("ended").asString()).isEqualTo("canceled");
        assertThat(canceled.body().path("retries").path("next_attempt_at").isNull()).isTrue();
        int attemptsAtCancel = simulator.authorizationsFor(id).size();
        Thread.sleep(1_000);                     // three retry delays: an absence is only seen by waiting
        assertThat(simulator.authorizationsFor(id)).as("no attempt after the cancel").hasSize(attemptsAtCancel);
        assertThat(api.get("/v1/payments/" + id).text("status")).isEqualTo("canceled");
        assertThat(endedSchedule(id).path("retry_stop_reason").asString()).isEqualTo("canceled");
    }

    @Test
    void a_mastercard_declined_ten_times_in_a_day_is_not_retried_again() {
        SavedCard card = save("5555557777019354");
        simulator.instructIssuer("simulator", "mastercard", card.last4(), "do_not_honor", 12);
        for (int i = 0; i < 9; i++) {
            assertThat(renewal(card, false).status()).isEqualTo(402);     // nine declines of the card, without retries
        }
        ApiClient.Response tenth = renewal(card, true);
        assertThat(tenth.status()).isEqualTo(402);
        JsonNode payment = api.get("/v1/payments/" + tenth.body().path("error").path("payment").asString()).body();
        assertThat(payment.path("status").asString()).isEqualTo("failed");
        assertThat(payment.path("retries").path("ended").asString()).isEqualTo("network_limit");
        assertThat(payment.path("retries").path("next_attempt_at").isNull()).isTrue();
    }

    @Test
    void smart_retries_without_off_session_are_refused_and_nothing_is_stored() {
        long before = count("payments");
        ApiClient.Response refused = api.post("/v1/payments", "{\"amount\": 1500, \"currency\": \"eur\", \"confirm\": true, "
                + "\"card\": " + card("4242424242424242") + ", \"smart_retries\": true}", "k-" + UUID.randomUUID());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").path("param").asString()).isEqualTo("smart_retries");
        assertThat(refused.body().path("error").path("code").asString()).isEqualTo("parameter_invalid");
        assertThat(count("payments")).isEqualTo(before);
    }
}
