package dev.payrail.core.risk;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lists match however an entry was typed; an allow entry beats every block; IP ranges never look a name up. */
class RiskListTest {
    private static RiskFacts payment(String ip, String email, String bin) {
        return RiskFacts.builder().string("ip_address", ip).string("email", email).string("card_bin", bin).build();
    }

    @Test
    void entries_are_normalized_and_matched_however_they_were_typed() {
        RiskList.Entry email = new RiskList.Entry("rle_1", RiskList.Kind.BLOCK, RiskList.Type.EMAIL, "  Fraud@Example.COM ");
        assertThat(email.value()).isEqualTo("fraud@example.com");
        assertThat(email.matches(payment("198.51.100.1", "fraud@example.com", "424242"))).isTrue();
        RiskList.Entry range = new RiskList.Entry("rle_2", RiskList.Kind.BLOCK, RiskList.Type.IP_ADDRESS, "203.0.113.0/24");
        assertThat(range.matches(payment("203.0.113.77", "a@b.co", "424242"))).isTrue();
        assertThat(range.matches(payment("203.0.114.1", "a@b.co", "424242"))).isFalse();
        RiskList.Entry v6 = new RiskList.Entry("rle_3", RiskList.Kind.BLOCK, RiskList.Type.IP_ADDRESS, "2001:DB8::/32");
        assertThat(v6.value()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
        assertThat(v6.matches(payment("2001:db8:1234::1", "a@b.co", "424242"))).isTrue();
        assertThat(v6.matches(payment("203.0.113.77", "a@b.co", "424242"))).as("another family").isFalse();
        RiskList.Entry bin = new RiskList.Entry("rle_4", RiskList.Kind.BLOCK, RiskList.Type.CARD_BIN, "424242");
        assertThat(bin.matches(payment("198.51.100.1", "a@b.co", "42424242"))).isTrue();
    }

    @Test
    void an_allow_entry_beats_a_block_entry_and_a_block_rule() {
        List<RiskList.Entry> lists = List.of(
                new RiskList.Entry("rle_block", RiskList.Kind.BLOCK, RiskList.Type.IP_ADDRESS, "203.0.113.0/24"),
                new RiskList.Entry("rle_allow", RiskList.Kind.ALLOW, RiskList.Type.EMAIL, "ceo@example.com"));
        List<RiskRule> rules = List.of(RiskRule.of("block-all", RiskRule.Action.BLOCK, ":amount: > 0", false));
        RiskFacts ceo = RiskFacts.builder().string("ip_address", "203.0.113.5").string("email", "CEO@example.com").number("amount", 5).build();
        RiskRules.Decision decision = RiskRules.decide(rules, lists, ceo);
        assertThat(decision.action()).isEqualTo(RiskRule.Action.ALLOW);
        assertThat(decision.listEntry()).contains("rle_allow");

        RiskFacts other = RiskFacts.builder().string("ip_address", "203.0.113.5").string("email", "x@example.com").number("amount", 5).build();
        RiskRules.Decision blocked = RiskRules.decide(rules, lists, other);
        assertThat(blocked.blocked()).isTrue();
        assertThat(blocked.listEntry()).as("the list is read before the block rules").contains("rle_block");
    }

    @Test
    void what_cannot_be_an_entry_is_refused() {
        assertThatThrownBy(() -> RiskList.normalize(RiskList.Type.IP_ADDRESS, "example.com")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> RiskList.normalize(RiskList.Type.IP_ADDRESS, "203.0.113.1/24")).hasMessageContaining("bits set below");
        assertThatThrownBy(() -> RiskList.normalize(RiskList.Type.IP_ADDRESS, "10.0.0.0/33")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> RiskList.normalize(RiskList.Type.IP_ADDRESS, "1::2::3")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> RiskList.normalize(RiskList.Type.EMAIL, "not-an-email")).hasMessageContaining("not an email");
        assertThatThrownBy(() -> RiskList.normalize(RiskList.Type.CARD_BIN, "4242")).hasMessageContaining("six to eight digits");
        assertThatThrownBy(() -> RiskList.normalize(RiskList.Type.CUSTOMER, " ")).hasMessageContaining("1 to 320");
    }

    @Property(tries = 300)
    void an_ipv4_range_holds_exactly_the_addresses_that_share_its_prefix(@ForAll @IntRange(min = 0, max = 255) int a,
            @ForAll @IntRange(min = 0, max = 255) int b, @ForAll @IntRange(min = 0, max = 255) int c,
            @ForAll @IntRange(min = 0, max = 255) int d, @ForAll @IntRange(min = 0, max = 32) int prefix) {
        long address = ((long) a << 24) | (b << 16) | (c << 8) | d;
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        long network = address & mask;
        IpRange range = IpRange.parse(dotted(network) + "/" + prefix);
        assertThat(range.contains(dotted(address))).isTrue();
        assertThat(IpRange.parse(range.text())).isEqualTo(range);
        if (prefix > 0) {
            long outside = address ^ (1L << (32 - prefix));     // flips the last bit of the prefix
            assertThat(range.contains(dotted(outside))).isFalse();
        }
    }

    private static String dotted(long address) {
        return (address >> 24 & 0xff) + "." + (address >> 16 & 0xff) + "." + (address >> 8 & 0xff) + "." + (address & 0xff);
    }
}
