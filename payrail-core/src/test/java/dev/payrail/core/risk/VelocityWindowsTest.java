package dev.payrail.core.risk;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory counters against the plainest model there is (every tally kept in a list, each counter a scan of it):
 * for generated tallies in any order, every attribute reads the same; and their bounds and atomicity.
 */
class VelocityWindowsTest {
    private static final long NOW = 29_000_000L;      // a minute in 2025
    private static final List<VelocityWindows.Hash> CARDS = hashes(1, 6);
    private static final List<VelocityWindows.Hash> IPS = hashes(100, 3);

    private static List<VelocityWindows.Hash> hashes(long from, int n) {
        List<VelocityWindows.Hash> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hashes.add(new VelocityWindows.Hash(from + i, ~(from + i)));
        }
        return hashes;
    }

    @Property(tries = 300)
    void every_counter_reads_as_a_scan_of_every_tally(@ForAll("tallies") List<VelocityWindows.Tally> tallies) {
        VelocityWindows windows = new VelocityWindows(10_000, 1_000);
        tallies.forEach(windows::add);
        for (String merchant : List.of("mer_a", "mer_b")) {
            for (VelocityWindows.Hash card : CARDS) {
                for (VelocityWindows.Hash ip : IPS) {
                    Map<Velocity.Kind, VelocityWindows.Hash> keys = new EnumMap<>(Velocity.Kind.class);
                    keys.put(Velocity.Kind.CARD, card);
                    keys.put(Velocity.Kind.IP, ip);
                    assertThat(windows.read(merchant, keys, NOW)).isEqualTo(scan(tallies, merchant, keys, NOW));
                }
            }
        }
    }

    @Property(tries = 200)
    void a_subtracted_tally_reads_as_never_counted(@ForAll("tallies") List<VelocityWindows.Tally> tallies) {
        VelocityWindows windows = new VelocityWindows(10_000, 1_000);
        tallies.forEach(windows::add);
        VelocityWindows.Tally extra = new VelocityWindows.Tally("mer_a", NOW - 3,
                Map.of(Velocity.Kind.CARD, CARDS.get(0), Velocity.Kind.IP, IPS.get(0)), 1, 1);
        windows.add(extra);
        windows.subtract(extra);
        Map<Velocity.Kind, VelocityWindows.Hash> keys = Map.of(Velocity.Kind.CARD, CARDS.get(0), Velocity.Kind.IP, IPS.get(0));
        Map<String, Long> read = windows.read("mer_a", keys, NOW);
        Map<String, Long> model = scan(tallies, "mer_a", keys, NOW);
        // attempts and declines come back exactly; the pair stays seen (a distinct count may stay one higher)
        assertThat(read).containsEntry("card_attempts_1h", model.get("card_attempts_1h"))
                .containsEntry("ip_declines_1h", model.get("ip_declines_1h"))
                .containsEntry("card_declines_24h", model.get("card_declines_24h"));
        assertThat(read.get("ip_distinct_cards_1h")).isBetween(model.get("ip_distinct_cards_1h"), model.get("ip_distinct_cards_1h") + 1);
    }

    @Test
    void memory_is_bounded_by_keys_by_distinct_keys_and_by_the_retention() {
        VelocityWindows windows = new VelocityWindows(100, 5);
        VelocityWindows.Hash ip = IPS.get(0);
        for (int i = 0; i < 500; i++) {
            windows.add(new VelocityWindows.Tally("mer_a", NOW, Map.of(Velocity.Kind.CARD, new VelocityWindows.Hash(9, i),
                    Velocity.Kind.IP, ip), 1, 0));
        }
        assertThat(windows.keys()).isEqualTo(100);
        assertThat(windows.forgottenForRoom()).isEqualTo(401);
        Map<String, Long> read = windows.read("mer_a", Map.of(Velocity.Kind.IP, ip), NOW);
        assertThat(read).containsEntry("ip_attempts_1h", 500L)
                .as("distinct cards stop at the cap, far above any rule's threshold").containsEntry("ip_distinct_cards_1h", 5L);

        windows.add(new VelocityWindows.Tally("mer_a", NOW - Velocity.RETENTION.toMinutes() - 10,
                Map.of(Velocity.Kind.EMAIL, new VelocityWindows.Hash(7, 7)), 1, 0));
        assertThat(windows.forgetBefore(NOW - Velocity.RETENTION.toMinutes())).isEqualTo(1);
        assertThat(windows.read("mer_a", Map.of(Velocity.Kind.IP, ip), NOW)).containsEntry("ip_attempts_1h", 500L);
    }

    @Test
    void simultaneous_attempts_from_one_address_each_see_those_counted_before_them() throws Exception {
        VelocityWindows windows = new VelocityWindows(10_000, 100);
        int threads = 8;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            seen.add(pool.submit(() -> {
                start.await();
                List<Long> counts = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    counts.add(windows.countAndRead(new VelocityWindows.Tally("mer_a", NOW, Map.of(Velocity.Kind.IP, IPS.get(0),
                            Velocity.Kind.CARD, new VelocityWindows.Hash(thread, i)), 1, 0)).get("ip_attempts_1h"));
                }
                return counts;
            }));
        }
        start.countDown();
        Set<Long> all = new HashSet<>();
        for (Future<List<Long>> future : seen) {
            all.addAll(future.get());
        }
        pool.shutdown();
        // every attempt read a different count, from 1 to all of them: none slipped past another unseen
        assertThat(all).hasSize(threads * each);
        assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(threads * each);
    }

    /** The model: each counter a scan of every tally, as the windows' contract says. */
    private static Map<String, Long> scan(List<VelocityWindows.Tally> tallies, String merchant,
                                          Map<Velocity.Kind, VelocityWindows.Hash> keys, long now) {
        Map<String, Long> values = new java.util.LinkedHashMap<>();
        for (Velocity.Counter counter : Velocity.COUNTERS) {
            VelocityWindows.Hash key = keys.get(counter.kind());
            if (key == null) {
                continue;
            }
            long from = now - counter.window().toMinutes();
            long value;
            if (counter.measure() == Velocity.Measure.DISTINCT) {
                value = tallies.stream().filter(t -> t.merchantId().equals(merchant) && t.minute() >= from
                                && key.equals(t.keys().get(counter.kind())) && t.keys().get(counter.other()) != null)
                        .map(t -> t.keys().get(counter.other())).distinct().count();
            } else {
                value = tallies.stream().filter(t -> t.merchantId().equals(merchant) && t.minute() >= from
                                && key.equals(t.keys().get(counter.kind())))
                        .mapToLong(t -> counter.measure() == Velocity.Measure.ATTEMPTS ? t.attempts() : t.declines()).sum();
            }
            values.put(counter.attribute(), value);
        }
        return values;
    }

    @Provide
    Arbitrary<List<VelocityWindows.Tally>> tallies() {
        Arbitrary<String> merchant = Arbitraries.of("mer_a", "mer_b");
        // minutes from 30 hours ago to now: some outside every window, some at the edges
        Arbitrary<Long> minute = Arbitraries.oneOf(Arbitraries.longs().between(NOW - 1_800, NOW),
                Arbitraries.of(NOW - 60, NOW - 61, NOW - 59, NOW - 1_440, NOW - 1_441, NOW));
        Arbitrary<VelocityWindows.Hash> card = Arbitraries.oneOf(Arbitraries.of(CARDS), Arbitraries.just(null));
        Arbitrary<VelocityWindows.Hash> ip = Arbitraries.oneOf(Arbitraries.of(IPS), Arbitraries.just(null));
        Arbitrary<int[]> counts = Arbitraries.of(new int[]{1, 0}, new int[]{0, 1}, new int[]{3, 2}, new int[]{0, 0});
        return Combinators.combine(merchant, minute, card, ip, counts).as((m, at, c, i, n) -> {
            Map<Velocity.Kind, VelocityWindows.Hash> keys = new EnumMap<>(Velocity.Kind.class);
            if (c != null) {
                keys.put(Velocity.Kind.CARD, c);
            }
            if (i != null) {
                keys.put(Velocity.Kind.IP, i);
            }
            return new VelocityWindows.Tally(m, at, keys, n[0], n[1]);
        }).list().ofMaxSize(60);
    }
}
