package dev.payrail.server.payments;

import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentEventsAppendOnlyTest extends ApiTest {

    @Test
    void the_database_refuses_to_update_or_delete_timeline_entries() {
        String id = api.post("/v1/payments", payment(1000, "usd", "automatic", VISA)).text("id");

        assertThatThrownBy(() -> jdbc.sql("update payment_events set type = 'payment.forged' where payment_id = ?")
                .param(id).update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from payment_events where payment_id = ?").param(id).update())
                .hasMessageContaining("append-only");
        assertThat(jdbc.sql("select count(*) from payment_events where payment_id = ? and type = 'payment.succeeded'")
                .param(id).query(Long.class).single()).isEqualTo(1);
    }
}
