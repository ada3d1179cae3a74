package dev.payrail.core.flags;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How a flag picks a variant for one evaluation, the same in every process and on every day: a variant pinned for
 * the merchant wins; otherwise a targeting key whose bucket falls below the rollout's share gets the rollout's
 * variant; otherwise the default. A key's bucket is a hash of the flag and the key, so raising a share only adds
 * keys (none that had the new variant loses it) and two flags split traffic independently.
 */
public final class Flags {
    /** Buckets per flag: a share is set in hundredths of a percent. */
    public static final int BUCKETS = 10_000;

    /** Why a variant was chosen, in OpenFeature's terms. */
    public enum Reason {
        /** Pinned for the merchant. */
        TARGETING_MATCH,
        /** The targeting key's bucket is within the rollout's share. */
        SPLIT,
        /** The flag's default. */
        DEFAULT
    }

    public record Evaluation(String variant, Reason reason) {
    }

    private Flags() {
    }

    /**
     * The variant of {@code flag} for one evaluation: {@code merchantId} (may be null) for pinned variants,
     * {@code targetingKey} (a merchant, a payment, a provider operation: what the flag splits) for the rollout.
     */
    public static Evaluation evaluate(FlagDefinition flag, String merchantId, String targetingKey) {
        if (merchantId != null) {
            String pinned = flag.merchants().get(merchantId);
            if (pinned != null) {
                return new Evaluation(pinned, Reason.TARGETING_MATCH);
            }
        }
        if (flag.rollout().isPresent() && targetingKey != null
                && bucket(flag.key(), targetingKey) < flag.rollout().get().basisPoints()) {
            return new Evaluation(flag.rollout().get().variant(), Reason.SPLIT);
        }
        return new Evaluation(flag.defaultVariant(), Reason.DEFAULT);
    }

    /** The bucket, 0 to {@link #BUCKETS} - 1, of {@code targetingKey} in {@code flagKey}'s split. */
    public static int bucket(String flagKey, String targetingKey) {
        byte[] digest = sha256(flagKey + '\u0000' + targetingKey);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return (int) Long.remainderUnsigned(value, BUCKETS);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
