package dev.payrail.bench;

import dev.payrail.core.risk.RiskFacts;
import dev.payrail.core.risk.RiskList;
import dev.payrail.core.risk.RiskRule;
import dev.payrail.core.risk.RiskRules;
import org.HdrHistogram.Histogram;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The cost of deciding one payment by a rule set and lists in core (issue 21's evaluation, without the velocity read):
 * {@code rules} rules of every action over the attributes, {@code entries} list entries (emails, CIDR ranges, BINs),
 * payments with drawn facts; each decision timed alone after a warm-up. Prints the latency percentiles.
 *
 * <pre>java -jar payrail-bench.jar risk-rules [--rules 25] [--entries 200] [--decisions 1000000]</pre>
 */
final class RiskRulesBench {
    private RiskRulesBench() {
    }

    public static void main(String[] args) {
        java.util.Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int ruleCount = Integer.parseInt(options.getOrDefault("rules", "25"));
        int entryCount = Integer.parseInt(options.getOrDefault("entries", "200"));
        int decisions = Integer.parseInt(options.getOrDefault("decisions", "1000000"));
        SplittableRandom random = new SplittableRandom(21);
        List<RiskRule> rules = rules(ruleCount);
        List<RiskList.Entry> entries = entries(entryCount);
        List<RiskFacts> facts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            facts.add(facts(random));
        }
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {              // warm-up: the JIT compiles the evaluator first
            sink += RiskRules.decide(rules, entries, facts.get(i % facts.size())).action().ordinal();
        }
        Histogram nanos = new Histogram(10_000_000, 3);
        long[] actions = new long[RiskRule.Action.values().length];
        for (int i = 0; i < decisions; i++) {
            RiskFacts f = facts.get(i % facts.size());
            long start = System.nanoTime();
            RiskRules.Decision decision = RiskRules.decide(rules, entries, f);
            nanos.recordValue(Math.min(System.nanoTime() - start, 9_999_999));
            actions[decision.action().ordinal()]++;
        }
        System.out.printf(Locale.ROOT, "| rules | list entries | decisions | p50 µs | p99 µs | p99.9 µs | max µs | allowed / blocked / reviewed |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| %d | %d | %,d | %.1f | %.1f | %.1f | %.0f | %,d / %,d / %,d |%n", rules.size(), entries.size(),
                decisions, nanos.getValueAtPercentile(50) / 1000.0, nanos.getValueAtPercentile(99) / 1000.0,
                nanos.getValueAtPercentile(99.9) / 1000.0, nanos.getMaxValue() / 1000.0, actions[RiskRule.Action.ALLOW.ordinal()],
                actions[RiskRule.Action.BLOCK.ordinal()], actions[RiskRule.Action.REVIEW.ordinal()]);
        if (sink == 42) {
            System.out.println();                        // keeps the warm-up's results alive
        }
    }

    private static List<RiskRule> rules(int count) {
        String[] conditions = {
                ":ip_distinct_cards_1h: >= 10", ":card_declines_24h: >= 5 and :card_attempts_1h: > 3",
                ":amount_in_usd: > 1000 and :card_country: != :ip_country:", ":risk_score: >= 75",
                ":email_domain: in ('mailinator.com', 'guerrillamail.com', 'yopmail.com')",
                "not is_missing(:ip_country:) and :ip_country: in ('KP', 'IR')", ":bin_declines_1h: > 20",
                ":is_first_use_of_card: = true and :amount_to_usual: > 5", ":card_distinct_ips_24h: >= 4 or :ip_attempts_1h: > 30",
                "(:currency: = 'usd' and :amount: > 500000) or (:currency: = 'eur' and :amount: > 450000)"};
        RiskRule.Action[] actions = RiskRule.Action.values();
        List<RiskRule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rules.add(RiskRule.of("r" + i, actions[(i + 2) % actions.length], conditions[i % conditions.length], i % 7 == 6));
        }
        return rules;
    }

    private static List<RiskList.Entry> entries(int count) {
        List<RiskList.Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(switch (i % 3) {
                case 0 -> new RiskList.Entry("rle_" + i, RiskList.Kind.BLOCK, RiskList.Type.EMAIL, "fraud" + i + "@example.com");
                case 1 -> new RiskList.Entry("rle_" + i, RiskList.Kind.BLOCK, RiskList.Type.IP_ADDRESS, "10." + (i % 250) + ".0.0/16");
                default -> new RiskList.Entry("rle_" + i, RiskList.Kind.ALLOW, RiskList.Type.CARD_BIN, String.valueOf(400000 + i));
            });
        }
        return entries;
    }

    private static RiskFacts facts(SplittableRandom random) {
        String[] countries = {"US", "DE", "GB", "BR", "KP"};
        return RiskFacts.builder()
                .number("amount_in_usd", new BigDecimal(random.nextInt(300_000)).movePointLeft(2))
                .number("amount", random.nextInt(600_000)).string("currency", random.nextBoolean() ? "usd" : "eur")
                .string("card_country", countries[random.nextInt(countries.length)])
                .string("ip_country", countries[random.nextInt(countries.length)])
                .string("ip_address", (random.nextInt(20) + 1) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".7")
                .string("email", "shopper" + random.nextInt(1000) + "@example.com").string("email_domain", "example.com")
                .string("card_bin", String.valueOf(400000 + random.nextInt(300)))
                .number("ip_distinct_cards_1h", random.nextInt(12)).number("card_declines_24h", random.nextInt(6))
                .number("card_attempts_1h", random.nextInt(5)).number("risk_score", random.nextInt(100))
                .number("bin_declines_1h", random.nextInt(25)).bool("is_first_use_of_card", random.nextBoolean())
                .number("amount_to_usual", random.nextInt(10)).number("card_distinct_ips_24h", random.nextInt(5))
                .number("ip_attempts_1h", random.nextInt(40)).build();
    }
}
