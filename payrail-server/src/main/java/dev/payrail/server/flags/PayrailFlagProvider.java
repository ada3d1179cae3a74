package dev.payrail.server.flags;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import dev.payrail.core.flags.FlagDefinition;
import dev.payrail.core.flags.Flags;

import java.util.function.Function;

/**
 * An OpenFeature provider backed by Payrail's database: flags are string-valued (their variant), evaluated by the
 * pure rule in core ({@link Flags#evaluate}) on definitions {@link FeatureFlags} keeps in memory and re-reads in the
 * background. The context's targeting key is what a percentage splits; its {@code merchant} attribute selects a
 * pinned variant. No evaluation reads the database.
 */
final class PayrailFlagProvider implements FeatureProvider {
    static final String MERCHANT = "merchant";

    private final Function<String, FlagDefinition> definitions;

    PayrailFlagProvider(Function<String, FlagDefinition> definitions) {
        this.definitions = definitions;
    }

    @Override
    public Metadata getMetadata() {
        return () -> "payrail-database";
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext context) {
        FlagDefinition flag = definitions.apply(key);
        if (flag == null) {
            return ProviderEvaluation.<String>builder().value(defaultValue).errorCode(ErrorCode.FLAG_NOT_FOUND)
                    .errorMessage("Payrail has no flag " + key).reason("ERROR").build();
        }
        Value merchant = context == null ? null : context.getValue(MERCHANT);
        Flags.Evaluation evaluation = Flags.evaluate(flag, merchant == null ? null : merchant.asString(),
                context == null ? null : context.getTargetingKey());
        return ProviderEvaluation.<String>builder().value(evaluation.variant()).variant(evaluation.variant())
                .reason(evaluation.reason().name()).build();
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext context) {
        return typeMismatch(key, defaultValue);
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext context) {
        return typeMismatch(key, defaultValue);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext context) {
        return typeMismatch(key, defaultValue);
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext context) {
        return typeMismatch(key, defaultValue);
    }

    /** Every Payrail flag is a string (its variant's name): asked as another type, the caller's default is served. */
    private static <T> ProviderEvaluation<T> typeMismatch(String key, T defaultValue) {
        return ProviderEvaluation.<T>builder().value(defaultValue).errorCode(ErrorCode.TYPE_MISMATCH)
                .errorMessage("Payrail's flag " + key + " is a string").reason("ERROR").build();
    }
}
