package dev.payrail.server.providers;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import org.junit.jupiter.api.Test;

class ValidatorProbeTest {
    @Test
    void probe() {
        long t0 = System.nanoTime();
        OpenApiInteractionValidator stripe = OpenApiInteractionValidator.createForSpecificationUrl(
                java.nio.file.Path.of("../../shared/specs/stripe/spec3-2022-04-12.json").toUri().toString()).build();
        System.out.println("stripe load ms " + (System.nanoTime() - t0) / 1_000_000);
        for (String body : new String[]{"amount=100&currency=usd&confirm=true&payment_method=pm_1&metadata[payrail_payment]=pay_1",
                "amount=100&currency=usd&bogus=1", "amount=abc&currency=usd"}) {
            ValidationReport r = stripe.validateRequest(SimpleRequest.Builder.post("/v1/payment_intents")
                    .withContentType("application/x-www-form-urlencoded").withBody(body).build());
            System.out.println(body + " -> " + r.getMessages());
        }
        t0 = System.nanoTime();
        OpenApiInteractionValidator adyen = OpenApiInteractionValidator.createForSpecificationUrl(
                java.nio.file.Path.of("../../shared/specs/adyen/CheckoutService-v71.json").toUri().toString()).build();
        System.out.println("adyen load ms " + (System.nanoTime() - t0) / 1_000_000);
        String good = "{\"amount\":{\"currency\":\"USD\",\"value\":100},\"merchantAccount\":\"M\",\"reference\":\"pay_1\",\"returnUrl\":\"https://x\",\"paymentMethod\":{\"type\":\"scheme\",\"number\":\"4242424242424242\",\"expiryMonth\":\"12\",\"expiryYear\":\"2034\",\"cvc\":\"123\"}}";
        String bad = good.replace("\"reference\"", "\"bogus\":1,\"reference\"");
        for (String body : new String[]{good, bad}) {
            ValidationReport r = adyen.validateRequest(SimpleRequest.Builder.post("/payments")
                    .withContentType("application/json").withHeader("Idempotency-Key", "k").withBody(body).build());
            System.out.println("adyen -> " + r.getMessages());
        }
    }
}
