package dev.payrail.server.api;

import dev.payrail.client.api.PaymentApi;
import dev.payrail.client.api.RefundApi;
import dev.payrail.client.model.CapturePayment;
import dev.payrail.client.model.CardInput;
import dev.payrail.client.model.CreatePayment;
import dev.payrail.client.model.CreateRefund;
import dev.payrail.client.model.Payment;
import dev.payrail.client.model.PaymentList;
import dev.payrail.client.model.Refund;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Java client generated from docs/openapi.json by openapi-generator (at build time, library "native") pays,
 * captures and refunds through Payrail and lists its payments: the document is exact enough for a client that
 * knows nothing else about Payrail.
 */
class GeneratedClientTest extends ApiTest {

    @Test
    void a_client_generated_from_the_document_creates_captures_and_refunds_a_payment_and_lists_payments() throws Exception {
        dev.payrail.client.ApiClient client = new dev.payrail.client.ApiClient();
        client.updateBaseUri(baseUrl());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + api.bearer()));
        PaymentApi payments = new PaymentApi(client);
        RefundApi refunds = new RefundApi(client);

        Payment authorized = payments.createPayment("generated-client-1", new CreatePayment().amount(5000L).currency("usd")
                .captureMethod(CreatePayment.CaptureMethodEnum.MANUAL).confirm(true)
                .card(new CardInput().number(VISA).expMonth(12).expYear(2034).cvc("123")));
        assertThat(authorized.getStatus()).isEqualTo(Payment.StatusEnum.REQUIRES_CAPTURE);
        assertThat(authorized.getFailureCode()).isNull();

        Payment captured = payments.capturePayment(authorized.getId(), "generated-client-2",
                new CapturePayment().amountToCapture(3000L));
        assertThat(captured.getStatus()).isEqualTo(Payment.StatusEnum.SUCCEEDED);
        assertThat(captured.getAmountReceived()).isEqualTo(3000L);

        Refund refund = refunds.createRefund("generated-client-3", new CreateRefund().payment(captured.getId()).amount(1000L));
        assertThat(refund.getStatus()).isEqualTo(Refund.StatusEnum.SUCCEEDED);
        assertThat(refund.getAmount()).isEqualTo(1000L);

        PaymentList listed = payments.listPayments(10, null, "succeeded", null, null);
        assertThat(listed.getData()).extracting(Payment::getId).containsExactly(captured.getId());
        assertThat(listed.getHasMore()).isFalse();
        assertThat(payments.retrievePayment(captured.getId()).getAmountRefunded()).isEqualTo(1000L);
    }
}
