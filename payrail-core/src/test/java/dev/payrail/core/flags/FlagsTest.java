package dev.payrail.core.flags;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagsTest {
    private static final List<String> VARIANTS = List.of("enforce", "log_only");

    private static FlagDefinition rolledOut(int basisPoints) {
        return new FlagDefinition("risk.enforcement", VARIANTS, "enforce",
                Optional.of(new FlagDefinition.Rollout("log_only", basisPoints)), Map.of());
    }

    @Property
    void raising_a_share_only_adds_keys(@ForAll @StringLength(min = 1, max = 30) String key,
                                        @ForAll @IntRange(max = 10_000) int lower, @ForAll @IntRange(max = 10_000) int higher) {
        int low = Math.min(lower, higher);
        int high = Math.max(lower, higher);
        if (Flags.evaluate(rolledOut(low), null, key).variant().equals("log_only")) {
            assertThat(Flags.evaluate(rolledOut(high), null, key).variant()).isEqualTo("log_only");
        }
    }

    @Property
    void a_pinned_merchant_gets_its_variant_whatever_the_rollout(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String merchant,
                                                                 @ForAll @IntRange(max = 10_000) int share,
                                                                 @ForAll @StringLength(min = 1, max = 30) String key) {
        FlagDefinition flag = new FlagDefinition("risk.enforcement", VARIANTS, "log_only",
                Optional.of(new FlagDefinition.Rollout("log_only", share)), Map.of(merchant, "enforce"));
        assertThat(Flags.evaluate(flag, merchant, key)).isEqualTo(new Flags.Evaluation("enforce", Flags.Reason.TARGETING_MATCH));
    }

    @Property
    void the_bucket_is_in_range_and_the_same_every_time(@ForAll @StringLength(max = 40) String flag,
                                                        @ForAll @StringLength(max = 40) String key) {
        int bucket = Flags.bucket(flag, key);
        assertThat(bucket).isBetween(0, Flags.BUCKETS - 1).isEqualTo(Flags.bucket(flag, key));
    }

    @Test
    void a_share_takes_about_that_share_of_keys_and_flags_split_independently() {
        FlagDefinition tenPercent = rolledOut(1_000);
        FlagDefinition otherFlag = new FlagDefinition("three_d_secure.enforce", List.of("off", "on"), "off",
                Optional.of(new FlagDefinition.Rollout("on", 1_000)), Map.of());
        int inFirst = 0;
        int inBoth = 0;
        for (int i = 0; i < 100_000; i++) {
            String key = "op_" + i;
            boolean first = Flags.evaluate(tenPercent, null, key).reason() == Flags.Reason.SPLIT;
            boolean second = Flags.evaluate(otherFlag, null, key).reason() == Flags.Reason.SPLIT;
            inFirst += first ? 1 : 0;
            inBoth += first && second ? 1 : 0;
        }
        // 10% of 100,000 keys is 10,000 (binomial standard deviation about 95); independent splits overlap on 1%
        assertThat(inFirst).isBetween(9_500, 10_500);
        assertThat(inBoth).isBetween(800, 1_200);
    }

    @Test
    void nothing_rolled_out_is_the_default_and_everything_is_the_variant() {
        assertThat(Flags.evaluate(rolledOut(0), "mer_a", "pay_1")).isEqualTo(new Flags.Evaluation("enforce", Flags.Reason.DEFAULT));
        assertThat(Flags.evaluate(rolledOut(10_000), "mer_a", "pay_1")).isEqualTo(new Flags.Evaluation("log_only", Flags.Reason.SPLIT));
        assertThat(Flags.evaluate(rolledOut(10_000), "mer_a", null).reason()).as("no key, no split").isEqualTo(Flags.Reason.DEFAULT);
    }

    @Test
    void a_definition_names_only_its_variants() {
        assertThatThrownBy(() -> new FlagDefinition("f", VARIANTS, "off", Optional.empty(), Map.of()))
                .hasMessageContaining("unknown variant off");
        assertThatThrownBy(() -> new FlagDefinition("f", VARIANTS, "enforce", Optional.empty(), Map.of("mer_a", "maybe")))
                .hasMessageContaining("unknown variant maybe for mer_a");
        assertThatThrownBy(() -> new FlagDefinition.Rollout("log_only", 10_001)).hasMessageContaining("between 0 and 100%");
    }
}
