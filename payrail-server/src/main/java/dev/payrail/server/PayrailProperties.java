package dev.payrail.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every setting of Payrail, under {@code payrail.*}. Defaults live in application.yml; the ones that
 * would be unsafe refuse to start where they are read (admin token, idempotency retention).
 */
@ConfigurationProperties("payrail")
public record PayrailProperties(
        Db db,
        Admin admin,
        Payments payments,
        Map<String, Provider> providers,
        Simulator simulator,
        Resolver resolver,
        Idempotency idempotency,
        Demo demo,
        Cards cards,
        Routing routing,
        Webhooks webhooks,
        Deliveries deliveries,
        Kafka kafka,
        Ledger ledger,
        Payouts payouts,
        Reconciliation reconciliation,
        Security security,
        Vault vault,
        StripeApi stripeApi,
        String publicUrl) {

    /**
     * The Stripe-compatible API: served on its own {@code port} (0: any free one, as tests use; negative: not served),
     * where the official Stripe libraries are pointed with their base-URL setting.
     */
    public record StripeApi(Integer port) {
        public StripeApi {
            port = port == null ? 8081 : port;
        }
    }

    /** The Stripe-compatible API's settings, its defaults when none are given. */
    public StripeApi stripeApiOrDefault() {
        return stripeApi == null ? new StripeApi(null) : stripeApi;
    }

    /** External PostgreSQL when {@code url} is set; otherwise embedded, with data in {@code embeddedDataDir}. */
    public record Db(String url, String username, String password, String embeddedDataDir, boolean embeddedThrowaway,
                     int maxPoolSize, Duration connectionTimeout) {
        public Db {
            connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(5) : connectionTimeout;
        }

        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /** The admin token guards /v1/admin; empty means one is generated and printed at start. */
    public record Admin(String token) {
    }

    /**
     * {@code actionWindow}: how long a payment waits for its customer (a 3-D Secure challenge, a bank's page) before the
     * sweeper cancels it, never charged.
     */
    public record Payments(long maxAmount, Duration captureWindow, Duration expirySweepInterval,
                           int maxRequestBytes, Duration actionWindow, Retries retries) {
        public Payments {
            actionWindow = actionWindow == null ? Duration.ofHours(1) : actionWindow;
            retries = retries == null ? new Retries(null, null, null, null) : retries;
        }
    }

    /**
     * Smart retries of merchant-initiated payments (docs/routing.md): at most {@code maxAttempts} attempts (the first
     * included) within {@code within} of the first decline, each retry {@code delays[k]} after the k-th decline (the
     * last repeats); the sweeper looks for due retries every {@code sweepInterval}. Defaults: {@code RetrySchedule.DEFAULT}.
     */
    public record Retries(Integer maxAttempts, Duration within, List<Duration> delays, Duration sweepInterval) {
        public Retries {
            dev.payrail.core.retries.RetrySchedule defaults = dev.payrail.core.retries.RetrySchedule.DEFAULT;
            maxAttempts = maxAttempts == null ? defaults.maxAttempts() : maxAttempts;
            within = within == null ? defaults.within() : within;
            delays = delays == null || delays.isEmpty() ? defaults.delays() : delays;
            sweepInterval = sweepInterval == null ? Duration.ofMinutes(1) : sweepInterval;
        }

        public dev.payrail.core.retries.RetrySchedule schedule() {
            return new dev.payrail.core.retries.RetrySchedule(maxAttempts, within, delays);
        }
    }

    /**
     * One provider. {@code type} is simulator, stripe or adyen; an empty {@code baseUrl} starts an
     * in-process simulator for it on a loopback port. Credentials are the provider's own (the simulator
     * accepts any). {@code rateLimitPerSecond} is the provider's contracted limit, enforced client-side;
     * after a 429 no call goes to the provider for {@code backoffAfter429}. {@code webhookSecrets} verify its
     * webhooks (Stripe endpoint secrets, or Adyen HMAC keys in hex; several during rotation); none
     * configured refuses every webhook of that provider. {@code payoutBaseUrl} is Adyen's Payout API
     * (another host than Checkout); without it, and without an in-process simulator, Adyen payouts are declined.
     */
    public record Provider(String type, String baseUrl, String apiKey, String merchantAccount, String returnUrl,
                           Duration connectTimeout, Duration readTimeout, int rateLimitPerSecond,
                           Duration backoffAfter429, int maxConcurrentCalls, Circuit circuit,
                           List<String> webhookSecrets, Duration webhookTolerance, String payoutBaseUrl) {
        public Provider {
            webhookSecrets = webhookSecrets == null ? List.of() : List.copyOf(webhookSecrets);
            webhookTolerance = webhookTolerance == null ? Duration.ofMinutes(5) : webhookTolerance;
        }

        public boolean embeddedSimulator() {
            return baseUrl == null || baseUrl.isBlank();
        }
    }

    /** Circuit breaker: opens when {@code failureRatePercent} of the last {@code windowSize} calls failed. */
    public record Circuit(int windowSize, int minimumCalls, float failureRatePercent, Duration openFor) {
    }

    /** The longest read timeout of any provider: the resolver must wait longer than that before it guesses. */
    public Duration longestReadTimeout() {
        return providers.values().stream().map(Provider::readTimeout).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * The in-process simulators. {@code stateDir} keeps their state (one file per provider) across restarts,
     * as a real provider would; it is used only when the embedded database keeps its data too, so that the
     * two never disagree about which payments exist. {@code market}: empty, or {@code default} or a market file: their
     * issuers then answer as that seeded card market's providers would (docs/routing.md), for measuring routing.
     */
    public record Simulator(Duration baseLatency, Duration slowLatency, Duration hangFor, Duration payoutArrival,
                            String stateDir, String market) {
        public Simulator {
            baseLatency = baseLatency == null ? Duration.ZERO : baseLatency;
        }
    }

    /**
     * Payouts: sent through {@code provider} (the one holding the funds); how often in-transit payouts are asked about ({@code trackerInterval}); how often automatic
     * payouts are created ({@code schedulerInterval}) and how long an automatic payout waits, cancelable,
     * before it is sent ({@code automaticHold}).
     */
    public record Payouts(String provider, Duration trackerInterval, Duration schedulerInterval, Duration automaticHold,
                          int batchSize) {
    }

    /**
     * How unknown outcomes are resolved: first lookup after {@code initialDelay}, then backing off to
     * {@code maxDelay}; "not found" is trusted only once the request is older than {@code notFoundAfter}.
     * An operation still "in flight" after {@code inFlightStaleAfter} lost its process mid-call and is
     * resolved the same way.
     */
    public record Resolver(Duration interval, Duration initialDelay, Duration maxDelay, Duration notFoundAfter,
                           Duration inFlightStaleAfter, int batchSize) {
    }

    /**
     * Idempotency keys: kept for {@code retention}; a key still "in progress" after {@code staleAfter} lost its
     * process (no request runs that long), and a retry recovers it.
     */
    public record Idempotency(Duration retention, Duration purgeInterval, Duration staleAfter) {
        public Idempotency {
            staleAfter = staleAfter == null ? Duration.ofMinutes(1) : staleAfter;
        }
    }

    /** Rules written to the database at first start (while it has none); after that, /v1/admin/routing_rules rules. */
    /**
     * Routing rules seeded on first start, and the declines a rule with {@code retry_soft_declines} cascades after
     * (once, to its next provider: {@link dev.payrail.core.routing.Cascade}; hard declines never, whatever is listed).
     * {@code strategy}: {@code rules} (a rule's weights pick the first provider) or {@code success_rate} (among the
     * providers the matching rule allows, the one whose recent authorization rate for the payment's segment is best:
     * {@link dev.payrail.core.routing.SuccessRateStrategy}, docs/routing.md), sending {@code explorationShare} of payments
     * to another of them so that a recovered provider is noticed, learning from the outcomes of the last {@code window}.
     */
    public record Routing(List<dev.payrail.core.routing.RoutingRule> rules, List<String> cascadableDeclines, String strategy,
                          Double explorationShare, Duration window) {
        public Routing {
            window = window == null ? dev.payrail.core.routing.SuccessRateSettings.defaults().window() : window;
            rules = rules == null ? List.of() : rules;
            strategy = strategy == null ? "rules" : strategy;
            explorationShare = explorationShare == null ? dev.payrail.core.routing.SuccessRateSettings.defaults().explorationShare()
                    : explorationShare;
            cascadableDeclines = cascadableDeclines == null
                    ? List.copyOf(new java.util.TreeSet<>(dev.payrail.core.routing.Cascade.DEFAULT_CASCADABLE)) : cascadableDeclines;
        }
    }

    /** The inbox worker: how often it runs, how many events it takes, and how long it parks unknown payments. */
    public record Webhooks(Duration workerInterval, int batchSize, Duration parkInitialDelay, int maxAttempts) {
    }

    /**
     * Deliveries to merchant endpoints: retried after each delay of {@code backoff} in turn (with up to 20%
     * jitter), then failed; an endpoint whose last {@code disableAfterFailures} deliveries failed is disabled.
     * Endpoints on loopback, private or link-local addresses are refused unless {@code allowPrivateAddresses}
     * (off by default: a merchant must not make Payrail call into its own network).
     */
    public record Deliveries(Duration workerInterval, int batchSize, Duration timeout, List<Duration> backoff,
                             int disableAfterFailures, boolean allowPrivateAddresses, Boolean deliverOnCommit,
                             Integer concurrency) {
        public Deliveries {
            deliverOnCommit = deliverOnCommit == null || deliverOnCommit;
            concurrency = concurrency == null ? 8 : concurrency;
        }
    }

    /**
     * The optional Kafka sink: when {@code enabled}, every public event is also published to {@code topic}
     * on {@code bootstrapServers}, keyed by payment id. {@code producer} holds extra producer settings
     * (security, compression); the ones that make publishing idempotent and ordered cannot be overridden.
     */
    public record Kafka(boolean enabled, String bootstrapServers, String topic, Duration relayInterval, int batchSize,
                        Map<String, String> producer) {
        public Kafka {
            producer = producer == null ? Map.of() : Map.copyOf(producer);
        }
    }

    /**
     * The ledger: Payrail's default fee ({@code feeBasisPoints} of the captured amount plus
     * {@code feeFixed} minor units per currency; a merchant's own schedule overrides it), how long captured
     * funds stay pending per currency ({@code settlementDelay}: key {@code default} or a lower-case currency
     * code), how often the settlement run and the invariant check run, and the fee on a chargeback
     * ({@code disputeFee}, minor units per lower-case currency code).
     */
    public record Ledger(long feeBasisPoints, Map<String, Long> feeFixed, Map<String, Duration> settlementDelay,
                        Duration settlementInterval, Duration invariantCheckInterval, int settlementBatchSize,
                        Map<String, Long> disputeFee) {
        public Ledger {
            feeFixed = feeFixed == null ? Map.of() : Map.copyOf(feeFixed);
            disputeFee = disputeFee == null ? Map.of() : Map.copyOf(disputeFee);
            settlementDelay = settlementDelay == null ? Map.of() : Map.copyOf(settlementDelay);
        }

        /** The fee on a chargeback, in minor units of its currency; none for a currency not listed. */
        public long disputeFee(String currencyCode) {
            return disputeFee.getOrDefault(currencyCode.toLowerCase(java.util.Locale.ROOT), 0L);
        }

        public Duration settlementDelay(String currencyCode) {
            return settlementDelay.getOrDefault(currencyCode.toLowerCase(java.util.Locale.ROOT),
                    settlementDelay.getOrDefault("default", Duration.ofDays(2)));
        }
    }

    /**
     * Reconciliation: each provider's contracted fee on captures ({@code providerFees}, basis points and fixed
     * minor units per currency), how long after Payrail recorded it a settlement may come before it is late,
     * how far apart an amount-and-date match may be, and how long before an unsettled record is missing.
     */
    public record Reconciliation(Map<String, ProviderFee> providerFees, Duration lateAfter, Duration amountWindow,
                                 Duration missingAfter, int batchSize) {
        public Reconciliation {
            providerFees = providerFees == null ? Map.of() : Map.copyOf(providerFees);
        }

        public record ProviderFee(long basisPoints, Map<String, Long> fixed) {
            public ProviderFee {
                fixed = fixed == null ? Map.of() : Map.copyOf(fixed);
            }
        }
    }

    public record Demo(boolean enabled, String keyFile) {
    }

    /**
     * The master key for secrets kept at rest (webhook signing secrets) and card fingerprints: base64 of 32
     * bytes; empty generates one into {@code keyFile}.
     */
    public record Cards(String encryptionKey, String keyFile) {
    }

    /**
     * {@code mode}: development or production (production refuses to start with a generated or well-known
     * admin token, with the demo merchant, or with raw card numbers for live keys). {@code operators}: extra
     * operator credentials as {@code name:role:sha256-hex-of-token} (roles viewer, operator, admin).
     * {@code rawCardNumbers}: who may send card numbers to /v1/payments instead of a payment method
     * ({@code test-keys}, {@code all} or {@code off}). Rate limits are requests per second per API key and
     * per source address (a burst of {@code burstSeconds} worth is allowed); refund limits cap refunds per
     * payment and per merchant per rolling day.
     */
    public record Security(String mode, List<String> operators, String rawCardNumbers, int rateLimitPerKey,
                           int rateLimitPerIp, int burstSeconds, int maxRefundsPerPayment,
                           int maxRefundsPerMerchantPerDay) {
        public Security {
            operators = operators == null ? List.of() : operators.stream().filter(o -> !o.isBlank()).toList();
        }

        public boolean production() {
            return "production".equalsIgnoreCase(mode);
        }
    }

    /**
     * The card vault: key-encryption keys in {@code keyStoreFile}, or from {@code keks} ({@code id:base64,...},
     * read-only) when set; how often and how many records the rewrap job moves to the active key; how long a
     * CVC may wait in memory for the authorization it was given for.
     */
    public record Vault(String keyStoreFile, String keks, Duration rewrapInterval, int rewrapBatchSize,
                        Duration cvcRetention) {
    }
}
