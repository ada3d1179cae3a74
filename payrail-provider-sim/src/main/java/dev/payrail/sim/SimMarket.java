package dev.payrail.sim;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded card market that providers are measured in: who pays (brands, issuing countries and their currencies, card
 * types, amounts), how each provider's approval rate differs by segment, how it drifts over the day, and incidents (a
 * provider whose soft declines climb, an issuer that refuses one provider's traffic, a provider that slows down). It is
 * described by a settings file ({@code market/default.json}, docs/routing.md) so that anyone can measure routing on a
 * market of their own. Deterministic: the same settings and the same draw give the same answer.
 *
 * <p>Declines are the networks' kinds: a card that is stolen, picked up, closed or over its velocity limit is declined
 * by every provider with a hard code, as is one without the funds (soft, but the same everywhere); the provider's own
 * refusals are soft ({@code do_not_honor}, {@code issuer_unavailable}, {@code try_again_later}) and may be worth one
 * more try on another provider.
 */
public final class SimMarket {

    public record Settings(long seed, Duration duration, int payments, Population population, Map<String, Provider> providers,
                           double driftAmplitude, Duration driftPeriod, Map<String, Double> softDeclines,
                           Map<String, Double> cardDeclines, List<Incident> incidents, MerchantInitiated merchantInitiated) {
    }

    /**
     * Merchant-initiated payments (renewals, instalments: a saved card charged without its holder present) and what
     * happens when one is tried again later: {@code share} of the payments are such; a card's own soft decline
     * ({@code insufficient_funds}, {@code do_not_honor}, {@code try_again_later}) clears after a time drawn per payment,
     * exponential at {@code recoveryPerDay} of the code (funds arrive, the issuer's hold lifts); and issuers approve
     * best at their country's {@code bestHours} (UTC): {@code hourAmplitude} is what the worst hour, twelve hours off,
     * takes from the approval rate (a cosine in between). Absent (null): every payment is customer-initiated.
     */
    public record MerchantInitiated(double share, Map<String, Double> recoveryPerDay, Map<String, Integer> bestHours,
                                    double hourAmplitude) {
    }

    /** Who pays: shares of brands, countries (each with its currency), card types, and the amount's median and spread. */
    public record Population(Map<String, Double> brands, Map<String, Country> countries, Map<String, Double> cardTypes,
                             double medianAmount, double amountSpread) {
    }

    public record Country(double share, String currency, int exponent) {
    }

    /**
     * One provider: its base approval rate, what each brand, country, card type and amount band adds to it, its fee
     * (basis points of the amount plus a fixed part in minor units) and its latency (median, log-normal spread).
     */
    public record Provider(double approval, Map<String, Double> brands, Map<String, Double> countries,
                           Map<String, Double> cardTypes, Map<String, Double> amountBands, long feeBasisPoints, long feeFixed,
                           double latencyMedianMillis, double latencySpread) {
    }

    /**
     * From {@code start} to {@code end} (from the market's start): {@code soft_decline_spike} takes {@code magnitude} off
     * the provider's approval rate; {@code issuer_blocks} declines all of {@code country}'s cards at the provider;
     * {@code slowdown} multiplies its latency by {@code magnitude}.
     */
    public record Incident(String kind, String provider, String country, Duration start, Duration end, double magnitude) {
        boolean activeAt(Duration at) {
            return at.compareTo(start) >= 0 && at.compareTo(end) < 0;
        }
    }

    /** One payment of the market: its card's facts and, for a card every provider declines, the code it gets. */
    public record Payment(long index, Duration at, String brand, String country, String currency, int exponent,
                          String cardType, long amount, String cardDecline) {
        public String amountBand() {
            long unit = 1;
            for (int i = 0; i < exponent; i++) {
                unit *= 10;
            }
            long major = amount / unit;
            return major < 10 ? "lt10" : major < 100 ? "10-100" : major < 1000 ? "100-1000" : "gte1000";
        }
    }

    /** What one provider answered one attempt: approved, or the decline code; how long it took; its fee if approved. */
    public record Answer(boolean approved, String declineCode, boolean hardDecline, long latencyMillis, long fee) {
    }

    private static final List<String> HARD = List.of("stolen_card", "pickup_card", "invalid_account", "card_velocity_exceeded");

    private final Settings settings;

    public SimMarket(Settings settings) {
        this.settings = settings;
    }

    public static SimMarket defaults() {
        try (InputStream in = SimMarket.class.getResourceAsStream("/market/default.json")) {
            return new SimMarket(JsonMapper.builder().build().readValue(in, Settings.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SimMarket fromFile(Path file) throws IOException {
        return new SimMarket(JsonMapper.builder().build().readValue(Files.readAllBytes(file), Settings.class));
    }

    public Settings settings() {
        return settings;
    }

    /** The {@code index}-th payment of the market (its time spreads the payments evenly over the duration). */
    public Payment payment(long index) {
        SplittableRandom random = new SplittableRandom(mix(settings.seed(), index, 0x5eed));
        Population p = settings.population();
        String brand = pick(p.brands(), random.nextDouble());
        Map<String, Double> countryShares = new java.util.LinkedHashMap<>();
        p.countries().forEach((name, c) -> countryShares.put(name, c.share()));
        String country = pick(countryShares, random.nextDouble());
        Country c = p.countries().get(country);
        String type = pick(p.cardTypes(), random.nextDouble());
        double major = p.medianAmount() * Math.exp(p.amountSpread() * gaussian(random));
        long amount = Math.max(1, Math.round(major * Math.pow(10, c.exponent())));
        String cardDecline = cardDecline(random.nextDouble());
        Duration at = Duration.ofMillis(settings.duration().toMillis() * index / Math.max(1, settings.payments()));
        return new Payment(index, at, brand, country, c.currency(), c.exponent(), type, amount, cardDecline);
    }

    /**
     * A payment that arrived over HTTP ({@link MarketIssuers}): its card's facts as the request gave them, its card's
     * decline (if any) drawn for {@code index} as the market's own payments' are.
     */
    public Payment arrived(long index, Duration at, String brand, String country, String cardType, long amount) {
        Country c = settings.population().countries().get(country);
        double draw = new SplittableRandom(mix(settings.seed(), index, 0xa441)).nextDouble();
        return new Payment(index, at, brand, country, c.currency(), c.exponent(), cardType, amount, cardDecline(draw));
    }

    private String cardDecline(double draw) {
        double cumulative = 0;
        for (Map.Entry<String, Double> decline : settings.cardDeclines().entrySet()) {
            cumulative += decline.getValue();
            if (draw < cumulative) {
                return decline.getKey();
            }
        }
        return null;
    }

    /** The probability that {@code provider} approves {@code payment} (a card every provider declines aside). */
    public double approval(String provider, Payment payment) {
        Provider p = settings.providers().get(provider);
        if (p == null) {
            throw new IllegalArgumentException("no provider " + provider + " in the market");
        }
        double rate = p.approval() + p.brands().getOrDefault(payment.brand(), 0.0) + p.countries().getOrDefault(payment.country(), 0.0)
                + p.cardTypes().getOrDefault(payment.cardType(), 0.0) + p.amountBands().getOrDefault(payment.amountBand(), 0.0)
                + drift(provider, payment.country(), payment.at());
        for (Incident incident : settings.incidents()) {
            if (!incident.provider().equals(provider) || !incident.activeAt(payment.at())) {
                continue;
            }
            if (incident.kind().equals("soft_decline_spike")) {
                rate -= incident.magnitude();
            } else if (incident.kind().equals("issuer_blocks") && incident.country().equals(payment.country())) {
                rate = 0;
            }
        }
        return Math.max(0, Math.min(1, rate));
    }

    /**
     * {@code provider}'s answer to attempt {@code attempt} of {@code payment}: the draw is the payment's, the provider's
     * and the attempt's own, so that every routing compared sees the same luck for the same payment at the same provider.
     */
    public Answer attempt(String provider, Payment payment, int attempt) {
        SplittableRandom random = new SplittableRandom(mix(settings.seed(), payment.index(), provider.hashCode() * 31L + attempt));
        Provider p = settings.providers().get(provider);
        double latency = p.latencyMedianMillis() * Math.exp(p.latencySpread() * gaussian(random));
        for (Incident incident : settings.incidents()) {
            if (incident.kind().equals("slowdown") && incident.provider().equals(provider) && incident.activeAt(payment.at())) {
                latency *= incident.magnitude();
            }
        }
        long latencyMillis = Math.round(latency);
        if (payment.cardDecline() != null) {
            return new Answer(false, payment.cardDecline(), HARD.contains(payment.cardDecline()), latencyMillis, 0);
        }
        if (random.nextDouble() < approval(provider, payment)) {
            // in minor units, rounded half up, as an acquirer bills it: no floating point near money
            long fee = (payment.amount() * p.feeBasisPoints() + 5_000) / 10_000 + p.feeFixed();
            return new Answer(true, null, false, latencyMillis, fee);
        }
        return new Answer(false, pick(settings.softDeclines(), random.nextDouble()), false, latencyMillis, 0);
    }

    /** Whether {@code payment} is merchant-initiated (drawn per payment; never without the settings' block). */
    public boolean merchantInitiated(Payment payment) {
        MerchantInitiated mit = settings.merchantInitiated();
        return mit != null && new SplittableRandom(mix(settings.seed(), payment.index(), 0x317)).nextDouble() < mit.share();
    }

    /**
     * {@code provider}'s answer to a later attempt of merchant-initiated {@code payment}, made at {@code at} (from the
     * market's start, which is midnight UTC), its first decline having been {@code payment.cardDecline()} or the
     * provider's own: a hard decline stays; a card's soft decline stays until its drawn clearing time, then the payment
     * is approved as a new one would be at that hour; a provider's refusal was its own and does not stay.
     */
    public Answer retry(String provider, Payment payment, int attempt, Duration at) {
        MerchantInitiated mit = settings.merchantInitiated();
        if (mit == null) {
            throw new IllegalStateException("the market has no merchant-initiated payments");
        }
        SplittableRandom random = new SplittableRandom(mix(settings.seed(), payment.index(), provider.hashCode() * 31L + 1_000 + attempt));
        Provider p = settings.providers().get(provider);
        long latencyMillis = Math.round(p.latencyMedianMillis() * Math.exp(p.latencySpread() * gaussian(random)));
        String decline = payment.cardDecline();
        if (decline != null && HARD.contains(decline)) {
            return new Answer(false, decline, true, latencyMillis, 0);
        }
        if (decline != null) {
            double perDay = mit.recoveryPerDay().getOrDefault(decline, 0.0);
            double u = new SplittableRandom(mix(settings.seed(), payment.index(), 0xc1ea5)).nextDouble();
            double clearsAfterDays = perDay <= 0 ? Double.POSITIVE_INFINITY : -Math.log(1 - u) / perDay;
            double daysSince = (at.toMillis() - payment.at().toMillis()) / (double) Duration.ofDays(1).toMillis();
            if (daysSince < clearsAfterDays) {
                return new Answer(false, decline, false, latencyMillis, 0);
            }
        }
        if (random.nextDouble() < approvalAt(provider, payment, at)) {
            long fee = (payment.amount() * p.feeBasisPoints() + 5_000) / 10_000 + p.feeFixed();
            return new Answer(true, null, false, latencyMillis, fee);
        }
        return new Answer(false, pick(settings.softDeclines(), random.nextDouble()), false, latencyMillis, 0);
    }

    /**
     * Whether {@code provider} approves {@code payment} (its card as it is when the market starts) if it arrives at
     * {@code at} instead: a draw of its own, for learning the hours from traffic spread over a day.
     */
    public boolean approvedAt(String provider, Payment payment, Duration at) {
        if (payment.cardDecline() != null) {
            return false;
        }
        return new SplittableRandom(mix(settings.seed(), payment.index(), provider.hashCode() * 31L + 0xda7)).nextDouble()
                < approvalAt(provider, payment, at);
    }

    /** The approval rate of {@code payment} arriving at {@code at}: drift and incidents then, times the hour's factor. */
    double approvalAt(String provider, Payment payment, Duration at) {
        Payment then = new Payment(payment.index(), at, payment.brand(), payment.country(), payment.currency(),
                payment.exponent(), payment.cardType(), payment.amount(), null);
        return approval(provider, then) * hourFactor(payment.country(), at);
    }

    /** 1 at the country's best hour, {@code 1 - hourAmplitude} twelve hours away from it. */
    double hourFactor(String country, Duration at) {
        MerchantInitiated mit = settings.merchantInitiated();
        if (mit == null || !mit.bestHours().containsKey(country)) {
            return 1;
        }
        double hour = (at.toMillis() % Duration.ofDays(1).toMillis()) / (double) Duration.ofHours(1).toMillis();
        double off = 2 * Math.PI * (hour - mit.bestHours().get(country)) / 24;
        return 1 - mit.hourAmplitude() * (1 - Math.cos(off)) / 2;
    }

    /** A slow wave per provider and country, its phase drawn from the seed: rates that do not hold still. */
    double drift(String provider, String country, Duration at) {
        if (settings.driftAmplitude() == 0) {
            return 0;
        }
        double phase = new SplittableRandom(mix(settings.seed(), provider.hashCode(), country.hashCode())).nextDouble() * 2 * Math.PI;
        double t = at.toMillis() / (double) settings.driftPeriod().toMillis();
        return settings.driftAmplitude() * Math.sin(2 * Math.PI * t + phase);
    }

    static String pick(Map<String, Double> shares, double draw) {
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        double cumulative = 0;
        String last = null;
        for (Map.Entry<String, Double> share : shares.entrySet()) {
            cumulative += share.getValue() / total;
            last = share.getKey();
            if (draw < cumulative) {
                return last;
            }
        }
        return last;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        h *= 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 32);
    }
}
