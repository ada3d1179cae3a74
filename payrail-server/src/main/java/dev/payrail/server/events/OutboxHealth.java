package dev.payrail.server.events;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Health component {@code outbox}: the outbound delivery queue and, when the Kafka sink is on, its relay
 * queue. Down when the oldest due item has waited longer than {@link #STALE}: the workers that drain
 * them (on every instance) have stopped, which no retry schedule explains.
 */
@Component("outbox")
class OutboxHealth implements HealthIndicator {
    static final Duration STALE = Duration.ofMinutes(10);

    private final JdbcClient jdbc;

    OutboxHealth(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        long[] deliveries = jdbc.sql("""
                        select count(*), coalesce(extract(epoch from now() - min(next_attempt_at)), 0)::bigint
                        from event_deliveries where status = 'pending' and next_attempt_at <= now()""")
                .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}).single();
        long[] kafka = jdbc.sql("""
                        select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)::bigint
                        from kafka_outbox""")
                .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(2)}).single();
        Health.Builder health = deliveries[1] > STALE.toSeconds() || kafka[1] > STALE.toSeconds() ? Health.down() : Health.up();
        return health.withDetail("deliveries_due", deliveries[0]).withDetail("oldest_due_seconds", deliveries[1])
                .withDetail("kafka_backlog", kafka[0]).withDetail("kafka_oldest_seconds", kafka[1]).build();
    }
}
