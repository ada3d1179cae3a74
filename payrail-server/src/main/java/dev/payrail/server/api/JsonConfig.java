package dev.payrail.server.api;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;

/**
 * A body naming one key twice is refused: which of the two values counts would otherwise depend on the
 * parser, and a proxy or WAF in front of Payrail might have read the other one. Answers keep one key order
 * on every run ({@link StableMapOrder}).
 */
@Configuration
class JsonConfig {
    @Bean
    JsonMapperBuilderCustomizer strictDuplicateKeys() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    @Bean
    JsonMapperBuilderCustomizer stableMapOrder() {
        return builder -> builder.addModule(new tools.jackson.databind.module.SimpleModule("stable-map-order")
                .addSerializer(new StableMapOrder()));
    }
}
