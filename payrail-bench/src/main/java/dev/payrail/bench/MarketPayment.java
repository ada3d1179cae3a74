package dev.payrail.bench;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Card payments drawn like the default market's population (brands 55/35/10% Visa, Mastercard, Amex; currencies as
 * its countries' shares; a log-normal amount around 40 major units), each with a card of its own, against a server
 * whose simulators answer as the market ({@code PAYRAIL_SIM_MARKET=default}, docs/routing.md). A decline is an
 * answer, not an error: the scenario counts approvals and which provider each payment went to, and reports the
 * authorization rate of what it sent.
 */
final class MarketPayment implements Scenario {
    private static final String[] CURRENCIES = {"usd", "eur", "gbp", "brl", "jpy"};
    private static final double[] CURRENCY_SHARES = {0.35, 0.30, 0.15, 0.10, 0.10};

    private final MerchantClient client;
    private final AtomicLong cards = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000_000L));
    private final LongAdder approved = new LongAdder();
    private final LongAdder declined = new LongAdder();
    private final Map<String, LongAdder> byProvider = new ConcurrentHashMap<>();

    MarketPayment(MerchantClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "market_payment";
    }

    @Override
    public int providerCalls() {
        return 1;
    }

    @Override
    public int run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double brand = random.nextDouble();
        String number = brand < 0.55 ? card("4", 16) : brand < 0.90 ? card("55", 16) : card("37", 15);
        String currency = pick(random.nextDouble());
        double major = 40 * Math.exp(1.1 * random.nextGaussian());
        long amount = Math.max(1, Math.round(major * (currency.equals("jpy") ? 1 : 100)));
        String cvc = number.length() == 15 ? "1234" : "123";       // American Express has four digits
        HttpResponse<String> answer = client.post("/v1/payments", "{\"amount\": " + amount + ", \"currency\": \"" + currency
                + "\", \"confirm\": true, \"card\": {\"number\": \"" + number + "\", \"exp_month\": 12, \"exp_year\": 2034, "
                + "\"cvc\": \"" + cvc + "\"}}");
        String body = answer.body();
        int at = body.indexOf("\"provider\":\"");
        if (at >= 0) {
            String provider = body.substring(at + 12, body.indexOf('"', at + 12));
            byProvider.computeIfAbsent(provider, p -> new LongAdder()).increment();
        }
        if (answer.statusCode() == 200) {
            approved.increment();
            return 200;
        }
        if (answer.statusCode() == 402) {
            declined.increment();
            return 200;
        }
        return answer.statusCode();
    }

    /** Since the last call: approvals, declines, the rate, and each provider's share of the payments. */
    @Override
    public Map<String, Object> extra() {
        long yes = approved.sumThenReset();
        long no = declined.sumThenReset();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("approved", yes);
        extra.put("declined", no);
        extra.put("authorization_rate", yes + no == 0 ? null : Math.round(10_000.0 * yes / (yes + no)) / 100.0);
        Map<String, Long> providers = new java.util.TreeMap<>();
        byProvider.forEach((p, n) -> providers.put(p, n.sumThenReset()));
        extra.put("providers", providers);
        return extra;
    }

    private String card(String prefix, int length) {
        int free = length - 1 - prefix.length();
        return dev.payrail.core.cards.CardNumber.withCheckDigit(prefix + String.format("%0" + free + "d",
                cards.incrementAndGet() % (long) Math.pow(10, free)));
    }

    private static String pick(double draw) {
        double cumulative = 0;
        for (int i = 0; i < CURRENCIES.length; i++) {
            cumulative += CURRENCY_SHARES[i];
            if (draw < cumulative) {
                return CURRENCIES[i];
            }
        }
        return CURRENCIES[0];
    }
}
