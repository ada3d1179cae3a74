package dev.payrail.core.routing;

import java.time.Duration;

/**
 * How the success-rate strategy learns and chooses.
 *
 * @param window           how far back outcomes count (a sliding window, in buckets of a tenth of it)
 * @param minSamples       how many outcomes the rate of the level above weighs in a level's rate (a level with many more
 *                         outcomes is read by its own, one with fewer leans on its parent's)
 * @param explorationShare the share of payments sent to another allowed provider than the best, so that a provider
 *                         that recovered (or one never tried) is noticed
 * @param eliminationRate  a provider whose trusted rate is below this is chosen only by exploration
 * @param costWeight       authorization-rate points given up per point of fee (fee as a share of the amount): 0
 *                         routes by authorization rate alone; 1 trades one point of approval for one point of fee
 * @param priorRate        the rate assumed before outcomes (and blended with few of them)
 * @param priorWeight      how many outcomes the prior weighs
 */
public record SuccessRateSettings(Duration window, int minSamples, double explorationShare, double eliminationRate,
                                  double costWeight, double priorRate, int priorWeight) {

    public SuccessRateSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (explorationShare < 0 || explorationShare > 0.5) {
            throw new IllegalArgumentException("explorationShare must be between 0 and 0.5");
        }
        if (minSamples < 1 || priorWeight < 0 || priorRate < 0 || priorRate > 1 || costWeight < 0) {
            throw new IllegalArgumentException("minSamples >= 1, priorWeight >= 0, priorRate in [0, 1], costWeight >= 0");
        }
    }

    /** The documented defaults (docs/routing.md). */
    public static SuccessRateSettings defaults() {
        return new SuccessRateSettings(Duration.ofSeconds(30), 10, 0.05, 0.5, 0.0, 0.85, 5);
    }
}
