package dev.payrail.server.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The served OpenAPI document (/v1/openapi.json), committed as docs/openapi.json and kept equal to it by
 * a test. Every POST declares the Idempotency-Key header; every call needs a bearer key.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI payrailOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Payrail API").version("v1")
                        .description("Payments, refunds and merchants. Amounts are integers in the currency's minor unit.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .servers(List.of(new Server().url("http://localhost:8080").description("Local Payrail")))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("Merchant secret key (sk_test_...) or, for /v1/admin, the admin token.")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Each operation's exact answer ({@link OpenApiAnswers}); runs before the error shape is added below. */
    @Bean
    @org.springframework.core.annotation.Order(0)
    OpenApiCustomizer exactAnswers() {
        return OpenApiAnswers::apply;
    }

    /**
     * Operations are grouped by capability ("payment", "refund", "webhook-endpoint"), not by the Java class that
     * serves them: clients generated from the document name their API classes after these (PaymentApi, RefundApi).
     */
    @Bean
    OpenApiCustomizer capabilityTags() {
        return openApi -> {
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                if (operation.getTags() != null) {
                    operation.setTags(operation.getTags().stream().map(tag -> tag.replaceAll("-controller$", "")).toList());
                }
            }));
            if (openApi.getTags() != null) {
                openApi.getTags().forEach(tag -> tag.setName(tag.getName().replaceAll("-controller$", "")));
            }
        };
    }

    /** Every operation may answer the one error shape; an operation that says nothing about its 4XX gets it. */
    @Bean
    @org.springframework.core.annotation.Order(1)
    OpenApiCustomizer errorShapeOnEveryOperation() {
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            io.swagger.v3.oas.models.responses.ApiResponses responses = operation.getResponses();
            if (responses != null && responses.keySet().stream().noneMatch(code -> code.startsWith("4"))) {
                responses.addApiResponse("4XX", new io.swagger.v3.oas.models.responses.ApiResponse()
                        .description("Invalid request, missing or wrong credential, not found, or a state conflict")
                        .content(new io.swagger.v3.oas.models.media.Content().addMediaType("application/json",
                                new io.swagger.v3.oas.models.media.MediaType().schema(
                                        new io.swagger.v3.oas.models.media.Schema<>().$ref("#/components/schemas/Error")))));
            }
            // and a server-side one: 503 provider_unavailable when no provider could be reached (nothing was charged)
            if (responses != null && responses.keySet().stream().noneMatch(code -> code.startsWith("5"))) {
                responses.addApiResponse("5XX", new io.swagger.v3.oas.models.responses.ApiResponse()
                        .description("Payrail or its provider could not process the request; 503 provider_unavailable: no "
                                + "provider could be reached and nothing was charged")
                        .content(new io.swagger.v3.oas.models.media.Content().addMediaType("application/json",
                                new io.swagger.v3.oas.models.media.MediaType().schema(
                                        new io.swagger.v3.oas.models.media.Schema<>().$ref("#/components/schemas/Error")))));
            }
        }));
    }

    @Bean
    OpenApiCustomizer idempotencyKeyOnEveryPost() {
        return openApi -> openApi.getPaths().values().stream()
                .map(PathItem::getPost)
                .filter(java.util.Objects::nonNull)
                .forEach(post -> post.addParametersItem(new HeaderParameter().name("Idempotency-Key").required(false)
                        .description("Makes the request safe to retry: a repeat with the same key and body returns the "
                                + "first answer with Idempotent-Replayed: true. Kept at least 24 hours.")
                        .schema(new StringSchema().maxLength(255))));
    }
}
