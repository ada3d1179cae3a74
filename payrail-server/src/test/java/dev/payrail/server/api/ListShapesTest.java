package dev.payrail.server.api;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import dev.payrail.server.support.Eventually;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Refunds are listed like payments; every list has one shape; JSON objects keep one key order. */
class ListShapesTest extends ApiTest {

    @Test
    void refunds_are_listed_newest_first_with_filters_and_pages() {
        String paid = api.post("/v1/payments", payment(9000, "usd", "automatic", VISA)).text("id");
        String other = api.post("/v1/payments", payment(1000, "usd", "automatic", VISA)).text("id");
        List<String> refunds = new ArrayList<>();
        for (int amount : new int[]{1000, 2000, 3000}) {
            refunds.add(api.post("/v1/refunds", "{\"payment\": \"" + paid + "\", \"amount\": " + amount + "}").text("id"));
        }
        String otherRefund = api.post("/v1/refunds", "{\"payment\": \"" + other + "\"}").text("id");

        JsonNode first = api.get("/v1/refunds?limit=2").body();
        assertThat(first.path("object").asString()).isEqualTo("list");
        assertThat(first.path("url").asString()).isEqualTo("/v1/refunds");
        assertThat(first.path("has_more").booleanValue()).isTrue();
        assertThat(ids(first)).containsExactly(otherRefund, refunds.get(2));
        JsonNode second = api.get("/v1/refunds?limit=2&starting_after=" + refunds.get(2)).body();
        assertThat(ids(second)).containsExactly(refunds.get(1), refunds.get(0));
        assertThat(second.path("has_more").booleanValue()).isFalse();
        assertThat(ids(api.get("/v1/refunds?payment=" + paid).body())).containsExactly(refunds.get(2), refunds.get(1), refunds.get(0));
        assertThat(ids(api.get("/v1/refunds?status=failed").body())).isEmpty();
        assertThat(api.get("/v1/refunds?status=exploded").errorParam()).isEqualTo("status");
        assertThat(ids(newMerchantClient("Other").get("/v1/refunds").body())).as("another merchant's").isEmpty();
    }

    @Test
    void every_list_has_object_url_has_more_and_data() {
        String endpoint = api.post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:9/hooks\"}").text("id");
        ApiClient admin = api.as(ADMIN_TOKEN);
        for (ApiClient.Response list : List.of(api.get("/v1/webhook_endpoints"), api.get("/v1/webhook_endpoints/" + endpoint + "/deliveries"),
                api.get("/v1/api_keys"), api.get("/v1/payments"), api.get("/v1/refunds"), api.get("/v1/events"),
                admin.get("/v1/admin/providers"), admin.get("/v1/admin/routing_rules"), admin.get("/v1/admin/vault/keys"),
                admin.get("/v1/admin/provider_events"))) {
            assertThat(list.status()).as(list.raw().uri().toString()).isEqualTo(200);
            assertThat(list.text("object")).isEqualTo("list");
            assertThat(list.body().path("url").asString()).as(list.raw().uri().toString()).startsWith("/v1/");
            assertThat(list.body().path("has_more").isBoolean()).as(list.raw().uri().toString()).isTrue();
            assertThat(list.body().path("data").isArray()).isTrue();
        }
    }

    @Test
    void an_events_object_reads_in_the_order_of_the_object_and_unordered_answers_are_sorted() {
        String paid = api.post("/v1/payments", payment(1200, "usd", "automatic", VISA)).text("id");
        JsonNode event = Eventually.await("payment.succeeded", Duration.ofSeconds(5), () -> {
            JsonNode data = api.get("/v1/events?type=payment.succeeded").body().path("data");
            return data.isEmpty() ? Optional.empty() : Optional.of(data.get(0));
        });
        // the event's payment is the API's, but for the client secret, which only the merchant's server is handed
        List<String> answered = new ArrayList<>(api.get("/v1/payments/" + paid).body().propertyNames());
        assertThat(answered.remove("client_secret")).isTrue();
        assertThat(event.path("data").path("object").propertyNames()).containsExactlyElementsOf(answered);

        String endpoint = api.post("/v1/webhook_endpoints", "{\"url\": \"http://127.0.0.1:9/hooks\"}").text("id");
        assertThat(api.delete("/v1/webhook_endpoints/" + endpoint).raw().body())
                .isEqualTo("{\"deleted\":true,\"id\":\"" + endpoint + "\",\"object\":\"webhook_endpoint\"}");
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("data").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }
}
