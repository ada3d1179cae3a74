package dev.payrail.server.providers;

import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.sim.Faults;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lookup that cannot ask must never read as "the provider has no record": the resolver would fail a
 * payment that may have been charged.
 */
class LookupFailureTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_lookup_that_cannot_connect_is_unknown_not_absent() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        SimulatorProvider provider = new SimulatorProvider("simulator", null,   // a lookup opens no card
                new ProviderHttp("http://127.0.0.1:" + closedPort, Duration.ofMillis(500), Duration.ofMillis(500), JSON));

        assertThat(provider.lookup("op_1", OperationKind.AUTHORIZE, null)).isInstanceOf(ProviderResult.OutcomeUnknown.class);
    }

    @Test
    void a_lookup_answered_503_or_429_is_unknown_and_a_real_absence_is_not_received() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.startOnLoopback(SimulatorSettings.defaults())) {
            StripeProvider stripe = new StripeProvider("stripe", null,
                    new ProviderHttp(simulator.baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(1), JSON), "sk_test_x");

            assertThat(stripe.lookup("op_never_sent", OperationKind.AUTHORIZE, null))
                    .isInstanceOf(ProviderResult.NotReceived.class);
            simulator.faults().set(Faults.Mode.UNAVAILABLE_503, Duration.ZERO);
            assertThat(stripe.lookup("op_never_sent", OperationKind.AUTHORIZE, null))
                    .isInstanceOf(ProviderResult.OutcomeUnknown.class);
            simulator.faults().set(Faults.Mode.RATE_LIMITED_429, Duration.ZERO);
            assertThat(stripe.lookup("op_never_sent", OperationKind.AUTHORIZE, null))
                    .isInstanceOf(ProviderResult.OutcomeUnknown.class);
        }
    }
}
