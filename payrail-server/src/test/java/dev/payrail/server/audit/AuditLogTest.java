package dev.payrail.server.audit;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every mutating call is audited, whatever its outcome; the log is append-only, queryable and exportable. */
class AuditLogTest extends ApiTest {

    @Test
    void mutating_calls_are_audited_with_actor_object_request_and_outcome() {
        ApiClient.Response paid = api.post("/v1/payments", payment(1_000, "usd", "manual", VISA));
        String paymentId = paid.text("id");
        api.post("/v1/payments/" + paymentId + "/capture", "{\"amount_to_capture\": 99999}");      // refused: too much
        api.get("/v1/payments/" + paymentId);                                                     // reads are not audited

        ApiClient admin = new ApiClient(baseUrl(), ADMIN_TOKEN);
        ApiClient.Response page = admin.get("/v1/admin/audit_log?object=" + paymentId);
        assertThat(page.status()).isEqualTo(200);
        var entries = page.body().path("data");
        assertThat(entries).hasSize(2);
        var capture = entries.get(0);
        assertThat(capture.path("action").asString()).isEqualTo("POST /v1/payments/{id}/capture");
        assertThat(capture.path("outcome").asString()).isEqualTo("refused");
        assertThat(capture.path("detail").path("status").intValue()).isEqualTo(400);
        var create = entries.get(1);
        assertThat(create.path("action").asString()).isEqualTo("POST /v1/payments");
        assertThat(create.path("outcome").asString()).isEqualTo("succeeded");
        assertThat(create.path("actor").asString()).startsWith("merchant:" + merchantId + "/key_");
        assertThat(create.path("object_type").asString()).isEqualTo("pay");
        assertThat(create.path("request_id").asString()).isEqualTo(paid.header("Request-Id"));
        assertThat(create.path("source_ip").asString()).isNotBlank();

        String csv = admin.getText("/v1/admin/audit_log/export?object=" + paymentId);
        assertThat(csv.lines()).hasSize(3).first().asString().startsWith("id,at,actor,action");
        assertThat(csv).contains("POST /v1/payments/{id}/capture", paid.header("Request-Id"));

        assertThat(admin.get("/v1/admin/audit_log?actor=operator:admin&action=POST%20/v1/admin/merchants&limit=1")
                .body().path("data").get(0).path("object_id").asString()).as("operator actions too").startsWith("mer_");
    }

    @Test
    void the_database_refuses_to_change_or_delete_audit_entries() {
        api.post("/v1/payments", payment(500, "usd", "automatic", VISA));
        long id = jdbc.sql("select max(id) from audit_log").query(Long.class).single();

        assertThatThrownBy(() -> jdbc.sql("update audit_log set outcome = 'succeeded' where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_log where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate audit_log").update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        Map<String, Object> row = jdbc.sql("select * from audit_log where id = ?").param(id).query().singleRow();
        assertThat(row.get("outcome")).isEqualTo("succeeded");
    }
}
