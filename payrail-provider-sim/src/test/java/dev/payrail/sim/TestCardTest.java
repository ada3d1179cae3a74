package dev.payrail.sim;

import dev.payrail.core.cards.CardNumber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The numbers that choose the issuer's answer: the listed test cards, the BIN it never issued, and any other card. */
class TestCardTest {
    @Test
    void a_number_of_the_bin_never_issued_is_declined_and_the_listed_cards_keep_their_behaviour() {
        for (String body : new String[]{"400099000000001", "400099123456789", "400099987654321"}) {
            TestCard card = TestCard.forNumber(CardNumber.withCheckDigit(body));
            assertThat(card.behaviour()).isEqualTo(TestCard.Behaviour.DECLINE);
            assertThat(card.declineCode()).isEqualTo("incorrect_number");
        }
        assertThat(TestCard.forNumber("4000000000000002").declineCode()).isEqualTo("do_not_honor");
        assertThat(TestCard.forNumber(CardNumber.withCheckDigit("400098123456789"))).isEqualTo(TestCard.APPROVE);
        assertThat(TestCard.forNumber("4242424242424242")).isEqualTo(TestCard.APPROVE);
    }
}
