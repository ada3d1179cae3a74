package dev.payrail.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The seeded market: the same draw gives the same answer; its incidents do what its settings say. */
class SimMarketTest {
    private final SimMarket market = SimMarket.defaults();

    @Test
    void theSameSeedGivesTheSamePaymentsAndAnswers() {
        SimMarket again = SimMarket.defaults();
        for (long i = 0; i < 1_000; i++) {
            assertThat(again.payment(i)).isEqualTo(market.payment(i));
            assertThat(again.attempt("stripe", again.payment(i), 1)).isEqualTo(market.attempt("stripe", market.payment(i), 1));
        }
        assertThat(market.payment(99_999).at()).isLessThan(market.settings().duration());
    }

    @Test
    void itsPopulationAndDeclinesFollowTheSettings() {
        int n = 20_000;
        int visa = 0;
        int cardDeclined = 0;
        int approved = 0;
        for (long i = 0; i < n; i++) {
            SimMarket.Payment p = market.payment(i);
            visa += p.brand().equals("visa") ? 1 : 0;
            cardDeclined += p.cardDecline() != null ? 1 : 0;
            SimMarket.Answer answer = market.attempt("adyen", p, 1);
            approved += answer.approved() ? 1 : 0;
            if (p.cardDecline() != null) {
                assertThat(answer.approved()).isFalse();
                assertThat(answer.declineCode()).isEqualTo(p.cardDecline());
            }
            if (answer.approved()) {
                assertThat(answer.fee()).isPositive().isLessThan(p.amount() / 10 + 100);
            }
        }
        assertThat(visa / (double) n).isBetween(0.53, 0.57);
        assertThat(cardDeclined / (double) n).isBetween(0.09, 0.12);
        assertThat(approved / (double) n).isBetween(0.70, 0.90);
    }

    @Test
    void anIncidentChangesItsProviderOnlyAndOnlyWhileItLasts() {
        // the default market's first incident: Stripe's soft declines climb by 35 points from 1:00 to 1:45
        SimMarket.Payment before = withTime(market.payment(1), Duration.ofMinutes(59));
        SimMarket.Payment during = withTime(market.payment(1), Duration.ofMinutes(61));
        assertThat(market.approval("stripe", before) - market.approval("stripe", during)).isBetween(0.34, 0.36);
        assertThat(market.approval("adyen", before) - market.approval("adyen", during)).isBetween(-0.01, 0.01);
        // Adyen declines every German card from 2:00 to 2:30, and no other country's
        SimMarket.Payment german = new SimMarket.Payment(7, Duration.ofMinutes(125), "visa", "DE", "eur", 2, "credit", 5_000, null);
        SimMarket.Payment french = new SimMarket.Payment(7, Duration.ofMinutes(125), "visa", "FR", "eur", 2, "credit", 5_000, null);
        assertThat(market.approval("adyen", german)).isZero();
        assertThat(market.approval("adyen", french)).isPositive();
        assertThat(market.approval("stripe", german)).isPositive();
    }

    @Test
    void merchantInitiatedPaymentsRecoverAsTheirDeclinesClearAndNeverAfterAHardOne() {
        int mits = 0;
        int hardRetriedApproved = 0;
        int softCardDeclines = 0;
        int recoveredAfterOneDay = 0;
        int recoveredAfterTenDays = 0;
        for (long i = 0; i < 50_000; i++) {
            SimMarket.Payment p = market.payment(i);
            if (!market.merchantInitiated(p)) {
                continue;
            }
            mits++;
            if (p.cardDecline() == null) {
                continue;
            }
            boolean hard = java.util.Set.of("stolen_card", "pickup_card", "invalid_account", "card_velocity_exceeded").contains(p.cardDecline());
            SimMarket.Answer later = market.retry("stripe", p, 2, p.at().plusDays(10));
            if (hard) {
                hardRetriedApproved += later.approved() ? 1 : 0;
                assertThat(later.hardDecline()).isTrue();
                continue;
            }
            softCardDeclines++;
            recoveredAfterOneDay += market.retry("stripe", p, 2, p.at().plusDays(1)).approved() ? 1 : 0;
            recoveredAfterTenDays += later.approved() ? 1 : 0;
        }
        assertThat(mits / 50_000.0).isBetween(0.28, 0.32);
        assertThat(hardRetriedApproved).isZero();
        assertThat(softCardDeclines).isGreaterThan(500);
        // clearing takes time: more of them pass ten days on than one day on
        assertThat(recoveredAfterTenDays).isGreaterThan(recoveredAfterOneDay * 2);
    }

    @Test
    void issuersApproveBestAtTheirCountrysHour() {
        // the default market: US issuers best at 14:00 UTC, 20% off at 02:00
        assertThat(market.hourFactor("US", Duration.ofDays(3).plusHours(14))).isEqualTo(1.0);
        assertThat(market.hourFactor("US", Duration.ofDays(3).plusHours(2))).isBetween(0.79, 0.81);
        assertThat(market.hourFactor("DE", Duration.ofDays(3).plusHours(7))).isEqualTo(1.0);
        int atBest = 0;
        int atWorst = 0;
        int n = 0;
        for (long i = 0; i < 20_000; i++) {
            SimMarket.Payment p = market.payment(i);
            if (!p.country().equals("US")) {
                continue;
            }
            n++;
            atBest += market.approvedAt("stripe", p, Duration.ofDays(1).plusHours(14)) ? 1 : 0;
            atWorst += market.approvedAt("stripe", p, Duration.ofDays(1).plusHours(2)) ? 1 : 0;
        }
        assertThat((atBest - atWorst) / (double) n).isBetween(0.12, 0.22);
    }

    private static SimMarket.Payment withTime(SimMarket.Payment p, Duration at) {
        return new SimMarket.Payment(p.index(), at, p.brand(), p.country(), p.currency(), p.exponent(), p.cardType(), p.amount(), null);
    }
}
