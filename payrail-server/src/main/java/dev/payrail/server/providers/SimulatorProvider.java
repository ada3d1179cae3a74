package dev.payrail.server.providers;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.money.Money;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.ProviderResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adapter for the Payrail provider simulator's acquirer API, over real HTTP with connect and read
 * timeouts. Maps every answer, and every way of not getting one, to a {@link ProviderResult}.
 */
public final class SimulatorProvider implements PaymentProvider {
    private final URI baseUrl;
    private final Duration readTimeout;
    private final HttpClient http;
    private final JsonMapper json;

    public SimulatorProvider(String baseUrl, Duration connectTimeout, Duration readTimeout, JsonMapper json) {
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.readTimeout = readTimeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public String apiVersion() {
        return "sim-2026-11";
    }

    @Override
    public ProviderResult authorize(String operationKey, String paymentId, Money amount, CardDetails card, boolean capture) {
        Map<String, Object> cardJson = new LinkedHashMap<>();
        cardJson.put("number", card.number().digits());
        cardJson.put("exp_month", card.expMonth());
        cardJson.put("exp_year", card.expYear());
        if (card.cvc() != null) {
            cardJson.put("cvc", card.cvc());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount.minorUnits());
        body.put("currency", amount.currency().wireName());
        body.put("capture", capture);
        body.put("payment_reference", paymentId);
        body.put("card", cardJson);
        return post("v1/authorizations", operationKey, body);
    }

    @Override
    public ProviderResult capture(String operationKey, String providerReference, Money amount) {
        return post("v1/authorizations/" + providerReference + "/capture", operationKey,
                Map.of("amount", amount.minorUnits()));
    }

    @Override
    public ProviderResult cancel(String operationKey, String providerReference) {
        return post("v1/authorizations/" + providerReference + "/void", operationKey, Map.of());
    }

    @Override
    public ProviderResult refund(String operationKey, String providerReference, Money amount) {
        return post("v1/authorizations/" + providerReference + "/refunds", operationKey,
                Map.of("amount", amount.minorUnits()));
    }

    @Override
    public ProviderResult lookup(String operationKey, OperationKind kind) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("v1/operations/" + operationKey))
                .timeout(readTimeout).GET().build();
        return send(request, (status, answer) -> {
            if (status == 404) {
                return new ProviderResult.NotReceived("the provider has no request with this key");
            }
            if (status != 200) {
                return new ProviderResult.OutcomeUnknown("lookup answered " + status);
            }
            return interpret(answer.get("http_status").intValue(), answer.get("body"));
        });
    }

    private ProviderResult post(String path, String operationKey, Map<String, Object> body) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", operationKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        return send(request, this::interpret);
    }

    private interface Interpretation {
        ProviderResult of(int status, JsonNode body);
    }

    private ProviderResult send(HttpRequest request, Interpretation interpretation) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return interpretation.of(response.statusCode(), json.readTree(response.body()));
        } catch (HttpConnectTimeoutException | ConnectException notConnected) {
            return new ProviderResult.NotReceived("could not connect: " + notConnected.getClass().getSimpleName());
        } catch (HttpTimeoutException timeout) {
            return new ProviderResult.OutcomeUnknown("no answer within " + readTimeout.toMillis() + " ms");
        } catch (IOException lost) {
            return new ProviderResult.OutcomeUnknown("connection lost: " + lost.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new ProviderResult.OutcomeUnknown("interrupted while waiting for the provider");
        } catch (RuntimeException unreadable) {
            return new ProviderResult.OutcomeUnknown("unreadable answer: " + unreadable.getClass().getSimpleName());
        }
    }

    private ProviderResult interpret(int status, JsonNode body) {
        if (status == 200) {
            String reference = body.path("id").asString(null);
            return new ProviderResult.Succeeded(reference, "captured".equals(body.path("status").asString("")));
        }
        if (status >= 500) {
            return new ProviderResult.OutcomeUnknown("provider answered " + status);
        }
        JsonNode error = body.path("error");
        String code = error.path("decline_code").asString(error.path("code").asString("provider_refused"));
        return new ProviderResult.Declined(code, error.path("message").asString("The provider refused the request."),
                error.path("authorization").asString(null));
    }
}
