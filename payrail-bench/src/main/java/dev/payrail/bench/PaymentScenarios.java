package dev.payrail.bench;

import java.net.http.HttpResponse;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The merchant-facing payment scenarios; each pays with a card tokenized once, as a merchant's checkout does. */
final class PaymentScenarios {
    private static final String CARD = "{\"card\": {\"number\": \"4242424242424242\", \"exp_month\": 12, \"exp_year\": 2034, \"cvc\": \"123\"}}";

    private PaymentScenarios() {
    }

    static String tokenize(MerchantClient client) {
        return MerchantClient.id(client.postOk("/v1/payment_methods", CARD));
    }

    static String payment(String paymentMethod, String captureMethod) {
        return "{\"amount\": 2000, \"currency\": \"usd\", \"confirm\": true, \"capture_method\": \"" + captureMethod
                + "\", \"payment_method\": \"" + paymentMethod + "\"}";
    }

    /** Create and confirm in one call, automatic capture: one provider authorization. */
    static final class CardPayment implements Scenario {
        private final MerchantClient client;
        private final String paymentMethod;

        CardPayment(MerchantClient client) {
            this.client = client;
            this.paymentMethod = tokenize(client);
        }

        @Override
        public String name() {
            return "card_payment";
        }

        @Override
        public int providerCalls() {
            return 1;
        }

        @Override
        public int run() {
            return client.post("/v1/payments", payment(paymentMethod, "automatic")).statusCode();
        }
    }

    /**
     * A merchant-initiated payment of a saved card: the customer and its card saved once by a first payment with
     * {@code setup_future_usage}, then each run charges it {@code off_session} (the stored-credential rules decide, the
     * first payment's network transaction id is cited): one provider authorization, as card_payment.
     */
    static final class OffSessionPayment implements Scenario {
        private final MerchantClient client;
        private final String customer;
        private final String paymentMethod;

        OffSessionPayment(MerchantClient client) {
            this.client = client;
            this.customer = MerchantClient.id(client.postOk("/v1/customers", "{\"email\": \"bench@example.com\"}"));
            this.paymentMethod = tokenize(client);
            client.postOk("/v1/payments", "{\"amount\": 100, \"currency\": \"usd\", \"confirm\": true, \"customer\": \""
                    + customer + "\", \"setup_future_usage\": \"off_session\", \"payment_method\": \"" + paymentMethod + "\"}");
        }

        @Override
        public String name() {
            return "off_session_payment";
        }

        @Override
        public int providerCalls() {
            return 1;
        }

        @Override
        public int run() {
            return client.post("/v1/payments", "{\"amount\": 2000, \"currency\": \"usd\", \"confirm\": true, \"off_session\": "
                    + "\"recurring\", \"customer\": \"" + customer + "\", \"payment_method\": \"" + paymentMethod + "\"}").statusCode();
        }
    }

    /**
     * card_payment through the Stripe-compatible surface: the same payment as a form-encoded PaymentIntent create with
     * {@code confirm=true}, as stripe-java sends it, answered as a PaymentIntent. What the translation costs is this
     * scenario's latency less card_payment's, measured in one run.
     */
    static final class StripeCardPayment implements Scenario {
        private final MerchantClient client;
        private final String stripeUrl;
        private final String paymentMethod;

        StripeCardPayment(MerchantClient client, String stripeUrl) {
            if (stripeUrl == null) {
                throw new IllegalArgumentException("stripe_card_payment needs --stripe-url (the Stripe-compatible port)");
            }
            this.client = client;
            this.stripeUrl = stripeUrl;
            this.paymentMethod = tokenize(client);
        }

        @Override
        public String name() {
            return "stripe_card_payment";
        }

        @Override
        public int providerCalls() {
            return 1;
        }

        @Override
        public int run() {
            return client.postForm(stripeUrl, "/v1/payment_intents", "amount=2000&currency=usd&confirm=true&payment_method="
                    + paymentMethod + "&metadata[order]=bench").statusCode();
        }
    }

    /** Create and confirm with manual capture, then capture: two provider calls. */
    static final class ManualCapture implements Scenario {
        private final MerchantClient client;
        private final String paymentMethod;

        ManualCapture(MerchantClient client) {
            this.client = client;
            this.paymentMethod = tokenize(client);
        }

        @Override
        public String name() {
            return "manual_capture";
        }

        @Override
        public int providerCalls() {
            return 2;
        }

        @Override
        public int run() {
            HttpResponse<String> authorized = client.post("/v1/payments", payment(paymentMethod, "manual"));
            if (authorized.statusCode() != 200) {
                return authorized.statusCode();
            }
            return client.post("/v1/payments/" + MerchantClient.id(authorized.body()) + "/capture", "{}").statusCode();
        }
    }

    /**
     * A partial refund of a captured payment: one provider call. The payments are made before the run, so
     * that only refunds are timed.
     */
    static final class Refund implements Scenario {
        private final MerchantClient client;
        private final String paymentMethod;
        private final Queue<String> captured = new ConcurrentLinkedQueue<>();

        Refund(MerchantClient client) {
            this.client = client;
            this.paymentMethod = tokenize(client);
        }

        @Override
        public String name() {
            return "refund";
        }

        @Override
        public int providerCalls() {
            return 1;
        }

        @Override
        public void prepare(int iterations) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int i = captured.size(); i < iterations; i++) {
                pool.execute(() -> captured.add(MerchantClient.id(
                        client.postOk("/v1/payments", payment(paymentMethod, "automatic")))));
            }
            pool.shutdown();
            try {
                if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("preparing payments to refund took over 30 minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int run() {
            String paymentId = captured.poll();
            if (paymentId == null) {
                return -2;      // prepare made too few: counted as an error, never silently skipped
            }
            return client.post("/v1/refunds", "{\"payment\": \"" + paymentId + "\", \"amount\": 500}").statusCode();
        }
    }
}
