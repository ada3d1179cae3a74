package dev.payrail.server.flags;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flags' admin API: every flag of the catalog listed with its variants and placement; a change checked against
 * the catalog (a refused one stores nothing), applied at once in this process, kept with its before and after, and
 * audited under its request id. Tests here pin their own merchant only: a flag's default or rollout is shared by
 * every test of the run.
 */
class FlagAdminTest extends ApiTest {
    private ApiClient admin() {
        return new ApiClient(baseUrl(), ADMIN_TOKEN);
    }

    @Test
    void every_flag_of_the_catalog_is_listed_with_its_variants_and_placement() {
        JsonNode flags = admin().get("/v1/admin/flags").body().path("data");
        assertThat(flags.findValues("key").stream().map(JsonNode::asString).toList())
                .contains("risk.enforcement", "three_d_secure.enforce", "providers.stripe.api_version");
        JsonNode stripe = admin().get("/v1/admin/flags/providers.stripe.api_version").body();
        assertThat(stripe.path("variants").toString()).isEqualTo("[\"2020-08-27\",\"2022-11-15\"]");
        assertThat(stripe.path("splits_by").asString()).isEqualTo("provider operation");
        assertThat(stripe.path("object").asString()).isEqualTo("feature_flag");
        ApiClient.Response missing = admin().get("/v1/admin/flags/no.such.flag");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("resource_missing");
        assertThat(api.get("/v1/admin/flags").status()).as("a merchant's key sees no flags").isIn(401, 403);
    }

    @Test
    void a_refused_change_says_what_is_wrong_and_stores_nothing() {
        int before = admin().get("/v1/admin/flags/risk.enforcement").body().path("version").asInt();
        long changes = jdbc.sql("select count(*) from feature_flag_changes").query(Long.class).single();
        record Refused(String body, String code, String param) {
        }
        for (Refused refused : List.of(
                new Refused("{}", "parameter_missing", "default_variant"),
                new Refused("{\"colour\": \"red\"}", "parameter_unknown", "colour"),
                new Refused("{\"default_variant\": \"sometimes\"}", "parameter_invalid", "default_variant"),
                new Refused("{\"rollout\": {\"variant\": \"log_only\", \"percent\": 100.5}}", "parameter_invalid", "rollout.percent"),
                new Refused("{\"rollout\": {\"variant\": \"log_only\", \"percent\": 12.345}}", "parameter_invalid", "rollout.percent"),
                new Refused("{\"rollout\": {\"variant\": \"log_only\", \"percent\": \"10\"}}", "parameter_invalid", "rollout.percent"),
                new Refused("{\"rollout\": {\"variant\": \"log_only\", \"percent\": 10, \"sticky\": true}}", "parameter_unknown", "rollout.sticky"),
                new Refused("{\"merchants\": {\"" + merchantId + "\": \"maybe\"}}", "parameter_invalid", "merchants." + merchantId),
                new Refused("{\"merchants\": {\"mer_doesnotexist1\": \"log_only\"}}", "resource_missing", "merchants.mer_doesnotexist1"),
                new Refused("{\"merchants\": [\"" + merchantId + "\"]}", "parameter_invalid", "merchants"))) {
            ApiClient.Response answer = admin().post("/v1/admin/flags/risk.enforcement", refused.body(), "flag-" + UUID.randomUUID());
            assertThat(answer.status()).as(refused.body() + " → " + answer.body()).isEqualTo(400);
            assertThat(answer.errorCode()).as(refused.body()).isEqualTo(refused.code());
            assertThat(answer.errorParam()).as(refused.body()).isEqualTo(refused.param());
            assertThat(answer.body().path("error").path("type").asString()).isEqualTo("invalid_request_error");
        }
        assertThat(admin().get("/v1/admin/flags/risk.enforcement").body().path("version").asInt()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from feature_flag_changes").query(Long.class).single()).isEqualTo(changes);
    }

    @Test
    void a_change_is_in_force_at_once_kept_with_before_and_after_and_audited() {
        String key = "flag-" + UUID.randomUUID();
        ApiClient.Response pinned = admin().post("/v1/admin/flags/three_d_secure.enforce",
                "{\"merchants\": {\"" + merchantId + "\": \"on\"}, \"reason\": \"SCA rollout wave 1\"}", key);
        assertThat(pinned.status()).as(pinned.body().toString()).isEqualTo(200);
        assertThat(pinned.body().path("merchants").path(merchantId).asString()).isEqualTo("on");
        int version = pinned.body().path("version").asInt();
        assertThat(version).isPositive();
        // the same key again is the same change, answered again: no second version
        ApiClient.Response replayed = admin().post("/v1/admin/flags/three_d_secure.enforce",
                "{\"merchants\": {\"" + merchantId + "\": \"on\"}, \"reason\": \"SCA rollout wave 1\"}", key);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(admin().get("/v1/admin/flags/three_d_secure.enforce").body().path("version").asInt()).isEqualTo(version);

        ApiClient.Response unpinned = admin().post("/v1/admin/flags/three_d_secure.enforce",
                "{\"merchants\": {\"" + merchantId + "\": null}}", "flag-" + UUID.randomUUID());
        assertThat(unpinned.body().path("merchants").has(merchantId)).isFalse();
        assertThat(unpinned.body().path("version").asInt()).isEqualTo(version + 1);

        JsonNode history = admin().get("/v1/admin/flags/three_d_secure.enforce/changes?limit=2").body().path("data");
        assertThat(history.get(0).path("version").asInt()).isEqualTo(version + 1);
        assertThat(history.get(0).path("before").path("merchants").path(merchantId).asString()).isEqualTo("on");
        assertThat(history.get(0).path("after").path("merchants").has(merchantId)).isFalse();
        assertThat(history.get(1).path("after").path("merchants").path(merchantId).asString()).isEqualTo("on");
        assertThat(history.get(1).path("reason").asString()).isEqualTo("SCA rollout wave 1");
        assertThat(history.get(1).path("actor").asString()).isNotBlank();
        String requestId = history.get(1).path("request_id").asString();
        assertThat(requestId).isEqualTo(pinned.header("Request-Id"));
        assertThat(jdbc.sql("select action from audit_log where request_id = ?").param(requestId).query(String.class).list())
                .as("the change is in the audit log under its request id")
                .containsExactly("POST /v1/admin/flags/three_d_secure.enforce");
    }

    @Test
    void a_percent_takes_at_most_two_decimals_and_reads_back_as_sent() {
        // a rollout is shared by the run: this flag's two variants answer alike, so for a moment it changes no other test
        String flag = "/v1/admin/flags/providers.stripe.api_version";
        try {
            ApiClient.Response set = admin().post(flag, "{\"rollout\": {\"variant\": \"2022-11-15\", \"percent\": 0.25}}",
                    "flag-" + UUID.randomUUID());
            assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
            assertThat(set.body().path("rollout").path("percent").toString()).isEqualTo("0.25");
            assertThat(jdbc.sql("select rollout_basis_points from feature_flags where key = 'providers.stripe.api_version'")
                    .query(Integer.class).single()).isEqualTo(25);
        } finally {
            admin().post(flag, "{\"rollout\": null}", "flag-" + UUID.randomUUID());
        }
        assertThat(admin().get(flag).body().path("rollout").isNull()).isTrue();
    }
}
