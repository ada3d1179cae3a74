package dev.payrail.server.providers;

import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.server.PayrailProperties;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * The provider Payrail talks to. With no {@code PAYRAIL_PROVIDER_URL}, the simulator starts in this
 * process on a loopback port and Payrail reaches it over HTTP like any remote provider.
 */
@Configuration(proxyBeanMethods = false)
class ProviderConfig {
    private static final Logger log = LoggerFactory.getLogger(ProviderConfig.class);

    @Bean(destroyMethod = "close")
    ProviderEndpoint providerEndpoint(PayrailProperties properties) throws IOException {
        if (!properties.provider().embeddedSimulator()) {
            log.info("Provider at {}", properties.provider().baseUrl());
            return ProviderEndpoint.remote(properties.provider().baseUrl());
        }
        SimulatorSettings settings = SimulatorSettings.defaults()
                .withSlowLatency(properties.simulator().slowLatency())
                .withHangFor(properties.simulator().hangFor());
        ProviderSimulator simulator = ProviderSimulator.startOnLoopback(settings);
        log.info("Provider simulator started in-process at {}", simulator.baseUrl());
        return ProviderEndpoint.embedded(simulator);
    }

    @Bean
    PaymentProvider paymentProvider(PayrailProperties properties, ProviderEndpoint endpoint, JsonMapper json) {
        return new SimulatorProvider(endpoint.baseUrl(), properties.provider().connectTimeout(),
                properties.provider().readTimeout(), json);
    }
}
