package dev.payrail.server.security;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Operators authenticate apart from merchants, and their role decides what they may do. */
class OperatorRolesTest extends ApiTest {
    private static final String VIEWER = "viewer-token-0123456789abcdefghij";
    private static final String OPERATOR = "operator-token-0123456789abcdefgh";

    @Test
    void viewers_read_operators_act_admins_configure() {
        ApiClient viewer = new ApiClient(baseUrl(), VIEWER);
        ApiClient operator = new ApiClient(baseUrl(), OPERATOR);

        assertThat(viewer.get("/v1/admin/audit_log").status()).isEqualTo(200);
        assertThat(viewer.get("/v1/admin/vault/keys").status()).isEqualTo(200);
        ApiClient.Response refused = viewer.post("/v1/admin/provider_events/evt_missing000/replay", "{}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("operator_role_insufficient");

        assertThat(operator.post("/v1/admin/provider_events/evt_missing000/replay", "{}").status())
                .as("past the role check: the event does not exist").isEqualTo(404);
        assertThat(operator.post("/v1/admin/vault/keys/rotate", "{}").status()).isEqualTo(403);
        assertThat(operator.post("/v1/admin/merchants", "{\"name\": \"Shop\"}").status()).isEqualTo(403);

        assertThat(api.get("/v1/admin/audit_log").errorCode()).as("a merchant key is no operator credential")
                .isEqualTo("operator_token_required");
        assertThat(api.get("/v1/admin/audit_log").status()).isEqualTo(403);
        assertThat(viewer.get("/v1/payments").errorCode()).as("an operator token is no merchant key").isEqualTo("api_key_required");
        assertThat(viewer.get("/v1/payments").status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_log where actor = 'operator:vic' and outcome = 'refused'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void production_mode_refuses_a_generated_or_default_admin_token_and_the_demo() {
        assertThat(ProductionMode.problems(properties("development", null, true))).isEmpty();
        assertThat(ProductionMode.problems(properties("production", null, false))).singleElement().asString()
                .contains("PAYRAIL_ADMIN_TOKEN");
        assertThat(ProductionMode.problems(properties("production", "changeme-changeme-changeme", false)))
                .singleElement().asString().contains("well-known");
        assertThat(ProductionMode.problems(properties("production", "Zq8v2LmN4rT7wY1xK5pB9cD3fG6hJ0sA", true)))
                .singleElement().asString().contains("demo");
        assertThat(ProductionMode.problems(properties("production", "Zq8v2LmN4rT7wY1xK5pB9cD3fG6hJ0sA", false))).isEmpty();
        assertThatThrownBy(() -> new ProductionMode(properties("production", null, true)))
                .hasMessageContaining("refuses to start");
        assertThatThrownBy(() -> Operators.parse("eve:root:" + "ab".repeat(32))).hasMessageContaining("unknown role");
        assertThatThrownBy(() -> Operators.parse("eve:admin:plaintext-token")).hasMessageContaining("sha256");
    }

    private static PayrailProperties properties(String mode, String adminToken, boolean demo) {
        return new PayrailProperties(null, new PayrailProperties.Admin(adminToken), null, null, null, null, null,
                new PayrailProperties.Demo(demo, "demo.key"), null, null, null, null, null, null, null, null,
                new PayrailProperties.Security(mode, List.of(), "test-keys", 100, 100, 1, 10, 100), null, null, null);
    }
}
