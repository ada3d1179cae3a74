package dev.payrail.core.cards;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PanDetectorTest {

    @Test
    void finds_and_masks_luhn_valid_runs_however_they_are_grouped() {
        String line = "card 4242424242424242, again 4242 4242 4242 4242 and 5555-5555-5555-4444 declined";

        assertThat(PanDetector.find(line)).containsExactly("4242424242424242", "4242424242424242", "5555555555554444");
        assertThat(PanDetector.mask(line))
                .isEqualTo("card 424242******4242, again 424242******4242 and 555555******4444 declined");
    }

    @Test
    void leaves_alone_what_is_not_a_card_number() {
        String line = "order 4242424242424241 (fails Luhn), id 1234567890123456789012345 (too long), ts 1795632343, amount 99999999";

        assertThat(PanDetector.find(line)).isEmpty();
        assertThat(PanDetector.mask(line)).isSameAs(line);
        assertThat(PanDetector.mask(null)).isNull();
    }
}
