package dev.payrail.server.payments;

import dev.payrail.server.support.ApiClient;
import dev.payrail.server.support.Eventually;
import dev.payrail.server.support.HaCluster;
import dev.payrail.server.support.PayrailProcess;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loss of the database's primary host under load (docs/high-availability.md). Payrail runs on a pg_auto_failover
 * cluster, a primary and its synchronous standby, through a JDBC URL naming both; clients pay with Idempotency-Keys
 * and retry each until answered; the primary's host is lost (its keeper, postmaster and backends SIGKILLed at once);
 * the monitor promotes the standby (the test never promotes anything); Payrail reconnects by itself. Afterwards:
 * every answered payment is on the new primary exactly once, every key replayed returns its one payment, every charge
 * at the provider matches a succeeded payment, the ledger check is clean. The time from the kill to the first payment
 * answered is measured and written to target/failover-measurement.txt.
 */
class DatabaseFailoverTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;

    private HaCluster cluster;
    private ProviderSimulator provider;
    private PayrailProcess payrail;

    @AfterEach
    void stopEverything() throws Exception {
        PaymentsUnderFaults.stopAndKeepLogs(data, payrail, provider, null);
        if (cluster != null) {
            cluster.keepLogs("failover");
            cluster.close();
        }
    }

    @Test
    void the_loss_of_the_primary_under_load_loses_and_duplicates_nothing() throws Exception {
        cluster = HaCluster.start();
        JdbcClient primary = cluster.node("node1");
        assertThat(primary.sql("show synchronous_standby_names").query(String.class).single())
                .as("commits wait for the standby").contains("pgautofailover_standby_");
        assertThat(primary.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
        assertThat(primary.sql("select sync_state from pg_stat_replication").query(String.class).list())
                .as("the standby is in the synchronous quorum").containsExactly("quorum");

        provider = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults());
        payrail = PayrailProcess.start(cluster.jdbcUrl(), data, data.resolve("payrail-failover.log"),
                PaymentsUnderFaults.quickRecovery(provider));
        String secret = new ApiClient(payrail.url(), PayrailProcess.ADMIN_TOKEN).post("/v1/admin/merchants",
                "{\"name\": \"Failover merchant\"}").body().path("api_key").path("secret").asString();

        PaymentsUnderFaults.PayingClients clients = new PaymentsUnderFaults.PayingClients(4, "failover-", payrail::url, secret);
        clients.awaitAnswered("payments before the failover", 20, Duration.ofSeconds(60));
        Map<String, String> answeredBeforeKill = Map.copyOf(clients.answered);

        long killedAt = System.nanoTime();
        cluster.kill("node1");
        // when node2 first takes connections as a primary: the failover's own share of the time to the next payment
        JdbcClient standby = cluster.node("node2");
        long promotedAt = Eventually.await("node2 promoted by the monitor", Duration.ofSeconds(90), () -> {
            try {
                return standby.sql("select not pg_is_in_recovery() and current_setting('transaction_read_only') = 'off'")
                        .query(Boolean.class).single() ? Optional.of(System.nanoTime()) : Optional.empty();
            } catch (RuntimeException notYet) {
                return Optional.empty();
            }
        });
        // the first payment both asked and answered after the kill: no request that reached the old primary counts
        long firstAnswered = Eventually.await("a payment answered after the failover", Duration.ofSeconds(90), () ->
                clients.answeredAt.entrySet().stream().filter(a -> clients.issuedAt.get(a.getKey()) > killedAt)
                        .map(Map.Entry::getValue).min(Long::compare));
        Eventually.await("more payments on the new primary", Duration.ofSeconds(60), () ->
                clients.answeredAt.values().stream().filter(t -> t > firstAnswered).count() >= 12 ? Optional.of(true) : Optional.empty());
        clients.stop();
        Map<String, String> answered = clients.answered;
        Duration killToPayment = Duration.ofNanos(firstAnswered - killedAt);
        Duration killToPromotion = Duration.ofNanos(promotedAt - killedAt);
        String state = cluster.state();
        Files.writeString(Files.createDirectories(Path.of("target")).resolve("failover-measurement.txt"),
                "kill of the primary to the first payment answered: " + killToPayment.toMillis() + " ms\n"
                        + "kill of the primary to node2 taking connections as primary: " + killToPromotion.toMillis() + " ms\n"
                        + "payments answered: " + answered.size() + " (" + answeredBeforeKill.size() + " before the kill)\n"
                        + "requests not answered (retried with their key): " + clients.notAnswered.size() + "\n" + state);
        System.out.println("failover: kill to first payment " + killToPayment.toMillis() + " ms; " + clients.notAnswered.size()
                + " requests retried");

        assertThat(payrail.process().isAlive()).as("Payrail rode out the failover").isTrue();
        assertThat(cluster.reportedState("node2")).as("the monitor promoted the standby: " + state)
                .isIn("wait_primary", "primary");
        JdbcClient promoted = cluster.node("node2");
        assertThat(promoted.sql("select pg_is_in_recovery()").query(Boolean.class).single()).isFalse();
        assertThat(promoted.sql("select timeline_id from pg_control_checkpoint()").query(Integer.class).single())
                .as("a new timeline: node2 was promoted").isGreaterThan(1);
        for (HttpResponse<String> refused : clients.notAnswered) {
            JsonNode error = JSON.readTree(refused.body()).path("error");
            assertThat(refused.statusCode()).as(refused.body()).isIn(503, 409);
            assertThat(error.path("code").asString()).as(refused.body())
                    .isIn("database_unavailable", "idempotency_key_in_use");
        }

        // acknowledged before the kill means replicated before the kill: nothing answered is missing
        assertThat(new HashSet<>(promoted.sql("select id from payments").query(String.class).list()))
                .as("every payment answered before the kill is on the promoted standby")
                .containsAll(answeredBeforeKill.values());
        PaymentsUnderFaults.assertInvariants(promoted, provider, answered, clients.issued.get(),
                new ApiClient(payrail.url(), PayrailProcess.ADMIN_TOKEN));
        ApiClient api = new ApiClient(payrail.url(), secret);
        for (Map.Entry<String, String> key : answered.entrySet()) {
            assertThat(PaymentsUnderFaults.payUntilAnswered(payrail::url, secret, key.getKey(), r -> { }))
                    .as("the key %s replayed after the failover", key.getKey()).isEqualTo(key.getValue());
        }

        // the old primary's host comes back: it rejoins as the new primary's standby, and commits wait for it again
        cluster.rejoin("node1");
        Eventually.await("node1 back as node2's synchronous standby", Duration.ofSeconds(120), () -> {
            try {
                return cluster.reportedState("node1").equals("secondary") && cluster.reportedState("node2").equals("primary")
                        && promoted.sql("select sync_state from pg_stat_replication").query(String.class).list().contains("quorum")
                        ? Optional.of(true) : Optional.empty();
            } catch (Exception notYet) {
                return Optional.empty();
            }
        });
        assertThat(promoted.sql("show synchronous_standby_names").query(String.class).single())
                .contains("pgautofailover_standby_1");
        String afterRejoin = PaymentsUnderFaults.payUntilAnswered(payrail::url, secret, "failover-after-rejoin", r -> { });
        assertThat(api.get("/v1/payments/" + afterRejoin).text("status")).isEqualTo("succeeded");
        // synchronous_commit = on waits for the standby's flush, not its replay: the row is visible there soon after
        JdbcClient rejoined = cluster.node("node1");
        Eventually.await("the rejoined standby replays the payment made after it came back", Duration.ofSeconds(30), () ->
                rejoined.sql("select count(*) from payments where id = ?").param(afterRejoin).query(Long.class).single() == 1
                        ? Optional.of(true) : Optional.empty());
    }
}
