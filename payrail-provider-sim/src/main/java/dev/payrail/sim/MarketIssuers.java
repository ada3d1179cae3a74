package dev.payrail.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The simulator's issuers answering as a {@link SimMarket} says (`--market FILE|default`): an authorization of a card
 * whose test behaviour is to approve is approved or declined as the market's provider of the face that received it
 * would ({@code native} is the market's {@code simulator}, the Stripe and Adyen faces its {@code stripe} and
 * {@code adyen}), at the market's time since the simulator started (so that its drift and incidents play out live),
 * after the market's latency. The payment's country is one of the market's countries of its currency, and its card
 * type one of the population's, both chosen by the card's last four digits so that a card keeps them; a currency the
 * market has no country for, or a face it has no provider for, answers as the test card says.
 */
final class MarketIssuers {
    private final SimMarket market;
    private final Supplier<Instant> clock;
    private final Instant start;
    private final AtomicLong arrivals = new AtomicLong();

    MarketIssuers(SimMarket market, Supplier<Instant> clock) {
        this.market = market;
        this.clock = clock;
        this.start = clock.get();
    }

    /** The market's answer to one authorization at {@code face}, or empty where the market does not cover it. */
    Optional<SimMarket.Answer> answer(String face, String brand, String last4, long amount, String currency) {
        String provider = "native".equals(face) ? "simulator" : face;
        if (provider == null || !market.settings().providers().containsKey(provider)) {
            return Optional.empty();
        }
        Map<String, Double> countries = new LinkedHashMap<>();
        market.settings().population().countries().forEach((name, c) -> {
            if (c.currency().equalsIgnoreCase(currency)) {
                countries.put(name, c.share());
            }
        });
        if (countries.isEmpty()) {
            return Optional.empty();
        }
        double card = (Math.floorMod((brand + last4).hashCode(), 10_000) + 0.5) / 10_000;
        String country = SimMarket.pick(countries, card);
        String cardType = SimMarket.pick(market.settings().population().cardTypes(), (card * 7919) % 1);
        SimMarket.Payment payment = market.arrived(arrivals.getAndIncrement(), Duration.between(start, clock.get()),
                brand, country, cardType, amount);
        return Optional.of(market.attempt(provider, payment, 1));
    }
}
