package dev.payrail.server.providers;

import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.server.flags.FeatureFlags;
import dev.payrail.server.flags.FlagCatalog;
import dev.payrail.server.ops.TraceHeaders;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.PayrailProperties;
import dev.payrail.sim.ProviderSimulator;
import dev.payrail.sim.SimulatorSettings;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The providers Payrail talks to, from {@code payrail.providers}: one adapter per entry (simulator, Stripe
 * or Adyen wire format), each behind its own bulkhead, rate limiter and circuit breaker. An entry without a
 * base URL gets its own in-process simulator on a loopback port, reached over HTTP like a remote provider.
 */
@Configuration(proxyBeanMethods = false)
class ProviderConfig {
    private static final Logger log = LoggerFactory.getLogger(ProviderConfig.class);

    @Bean(destroyMethod = "close")
    ProviderEndpoints providerEndpoints(PayrailProperties properties) {
        ProviderEndpoints endpoints = new ProviderEndpoints();
        SimulatorSettings settings = SimulatorSettings.defaults()
                .withBaseLatency(properties.simulator().baseLatency())
                .withSlowLatency(properties.simulator().slowLatency())
                .withHangFor(properties.simulator().hangFor())
                .withPayoutArrival(properties.simulator().payoutArrival());
        String market = properties.simulator().market();
        if (market != null && !market.isBlank()) {
            try {
                settings = settings.withMarket(market.equals("default") ? dev.payrail.sim.SimMarket.defaults()
                        : dev.payrail.sim.SimMarket.fromFile(java.nio.file.Path.of(market)));
            } catch (IOException e) {
                throw new dev.payrail.server.StartupRefusal("payrail.simulator.market is '" + market + "': " + e.getMessage(),
                        "Set PAYRAIL_SIM_MARKET to default or to a readable market file (docs/routing.md).");
            }
            log.info("In-process simulators answer as the market {}", market);
        }
        for (Map.Entry<String, PayrailProperties.Provider> entry : properties.providers().entrySet()) {
            PayrailProperties.Provider provider = entry.getValue();
            if (provider.embeddedSimulator()) {
                try {
                    ProviderSimulator simulator = ProviderSimulator.startOnLoopback(stateFile(properties, entry.getKey())
                            .map(settings::withStateFile).orElse(settings));
                    log.info("Provider {} ({}): in-process simulator at {}", entry.getKey(), provider.type(), simulator.baseUrl());
                    endpoints.put(entry.getKey(), ProviderEndpoint.embedded(simulator));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not start the simulator for " + entry.getKey(), e);
                }
            } else {
                log.info("Provider {} ({}) at {}", entry.getKey(), provider.type(), provider.baseUrl());
                endpoints.put(entry.getKey(), ProviderEndpoint.remote(provider.baseUrl()));
            }
        }
        return endpoints;
    }

    /**
     * The simulator keeps its state only beside an embedded database that keeps its own: a throwaway or an
     * external database would find payments the simulator remembers, or the other way round.
     */
    private static java.util.Optional<java.nio.file.Path> stateFile(PayrailProperties properties, String provider) {
        String dir = properties.simulator().stateDir();
        if (dir == null || dir.isBlank() || properties.db().external() || properties.db().embeddedThrowaway()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.nio.file.Path.of(dir, provider + ".jsonl"));
    }

    @Bean
    ProviderRegistry providerRegistry(PayrailProperties properties, ProviderEndpoints endpoints, JsonMapper json,
                                      MeterRegistry meters, CardVault vault, TraceHeaders traces, FeatureFlags flags) {
        List<PaymentProvider> providers = new ArrayList<>();
        properties.providers().forEach((name, settings) -> {
            PaymentProvider adapter = "stripe".equals(settings.type())
                    ? stripeVersions(name, settings, endpoints.get(name).baseUrl(), json, vault, traces, flags, meters)
                    : adapter(name, settings, endpoints.get(name).baseUrl(), json, vault, traces);
            providers.add(new ResilientProvider(adapter, circuit(name, settings.circuit()), bulkhead(name, settings),
                    rateLimiter(name, settings), settings.backoffAfter429(), meters, traces));
        });
        return new ProviderRegistry(providers);
    }

    /**
     * A Stripe-type provider: one adapter per Stripe API version it can speak, the share of each set by the flag
     * {@code providers.<name>.api_version} (the adapter canary, docs/flags.md).
     */
    private static PaymentProvider stripeVersions(String name, PayrailProperties.Provider settings, String simulatorRoot,
                                                  JsonMapper json, CardVault vault, TraceHeaders traces, FeatureFlags flags,
                                                  MeterRegistry meters) {
        String apiKey = required(name, "api-key", settings.apiKey());
        ProviderHttp http = http(simulatorRoot, settings, json, traces);
        Map<String, PaymentProvider> versions = new java.util.LinkedHashMap<>();
        for (String version : StripeProvider.VERSIONS) {
            versions.put(version, new StripeProvider(name, vault, http, apiKey, version));
        }
        return new AdapterCanary(name, FlagCatalog.STRIPE_API_VERSION.formatted(name), versions, flags, meters);
    }

    private static PaymentProvider adapter(String name, PayrailProperties.Provider settings, String simulatorRoot,
                                           JsonMapper json, CardVault vault, TraceHeaders traces) {
        String type = settings.type() == null ? "simulator" : settings.type();
        return switch (type) {
            case "simulator" -> new SimulatorProvider(name, vault, http(simulatorRoot, settings, json, traces));
            case "stripe" -> new StripeProvider(name, vault, http(simulatorRoot, settings, json, traces), required(name, "api-key", settings.apiKey()));
            case "adyen" -> new AdyenProvider(name, vault,
                    http(settings.embeddedSimulator() ? simulatorRoot + "/v71" : simulatorRoot, settings, json, traces),
                    payoutHttp(settings, simulatorRoot, json, traces),
                    required(name, "api-key", settings.apiKey()), required(name, "merchant-account", settings.merchantAccount()),
                    required(name, "return-url", settings.returnUrl()));
            default -> throw new IllegalStateException("payrail.providers." + name + ".type must be simulator, stripe or adyen");
        };
    }

    /** Adyen's Payout API lives on its own host; the in-process simulator serves it on its one port. */
    private static ProviderHttp payoutHttp(PayrailProperties.Provider settings, String simulatorRoot, JsonMapper json,
                                           TraceHeaders traces) {
        if (settings.embeddedSimulator()) {
            return http(simulatorRoot + "/pal/servlet/Payout/v68", settings, json, traces);
        }
        return settings.payoutBaseUrl() == null || settings.payoutBaseUrl().isBlank() ? null
                : http(settings.payoutBaseUrl(), settings, json, traces);
    }

    private static ProviderHttp http(String baseUrl, PayrailProperties.Provider settings, JsonMapper json,
                                     TraceHeaders traces) {
        return new ProviderHttp(baseUrl, settings.connectTimeout(), settings.readTimeout(), json, traces);
    }

    private static String required(String provider, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("payrail.providers." + provider + "." + key + " is required");
        }
        return value;
    }

    private static CircuitBreaker circuit(String name, PayrailProperties.Circuit settings) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordExceptions(ResilientProvider.ProviderFailure.class)
                .build());
    }

    private static Bulkhead bulkhead(String name, PayrailProperties.Provider settings) {
        return Bulkhead.of(name, BulkheadConfig.custom().maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO).build());
    }

    private static RateLimiter rateLimiter(String name, PayrailProperties.Provider settings) {
        return RateLimiter.of(name, RateLimiterConfig.custom().limitForPeriod(settings.rateLimitPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
    }
}
