package dev.payrail.server.checkout;

import dev.payrail.core.checkout.CheckoutSessionStatus;
import dev.payrail.core.checkout.CheckoutSessionTransitions;
import dev.payrail.core.payments.BankRedirects;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.payments.CheckoutPayments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The hosted payment page, {@code /checkout/{session}}: what it shows follows from the session and its payment alone
 * (so a reload, a back button or a return from the bank all land right): the card form (with the last attempt's
 * failure), the way to the bank while it waits for the customer, a processing notice, the way on to the merchant's
 * success URL once paid, or an expiry notice. The form posts to {@code /checkout/{session}/pay}, which answers with a redirect
 * back to the page (post, redirect, get: a reload never submits twice). The session id is the only credential, and
 * it carries no power but paying this session.
 */
@Controller
class CheckoutPage {
    static final String PATH = "/checkout/";
    private static final Logger log = LoggerFactory.getLogger(CheckoutPage.class);
    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    private static final String NOT_SENT = "The payment could not be processed; nothing was charged. Please try again in a moment.";

    private final CheckoutSessions sessions;

    CheckoutPage(CheckoutSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping(PATH + "{id}")
    ResponseEntity<byte[]> show(@PathVariable String id) {
        Optional<CheckoutSession> found = sessions.page(id);
        if (found.isEmpty()) {
            return html(HttpStatus.NOT_FOUND, CheckoutPageHtml.notFound());
        }
        CheckoutSession session = found.get();
        CheckoutPayments.View payment = sessions.paymentOf(session);
        if (session.status() == CheckoutSessionStatus.COMPLETE || CheckoutSessionTransitions.paid(payment.status())) {
            // a page, not a redirect: the form's own redirects may not leave Payrail (CSP form-action 'self')
            return html(HttpStatus.OK, CheckoutPageHtml.paid(session, session.successUrlFor()));
        }
        if (payment.status() == PaymentStatus.REQUIRES_ACTION && payment.nextActionUrl() != null) {
            return html(HttpStatus.OK, CheckoutPageHtml.toBank(session, payment.nextActionUrl()));
        }
        if (payment.status() == PaymentStatus.PROCESSING) {
            return html(HttpStatus.OK, CheckoutPageHtml.processing(session));
        }
        if (!session.payable(Instant.now())) {
            return html(HttpStatus.GONE, CheckoutPageHtml.expired(session));
        }
        return html(HttpStatus.OK, CheckoutPageHtml.form(session, lastFailure(payment), Map.of(), null));
    }

    @PostMapping(path = PATH + "{id}/pay", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<byte[]> pay(@PathVariable String id, @RequestParam Map<String, String> form,
                               jakarta.servlet.http.HttpServletRequest request) {
        Optional<CheckoutSession> found = sessions.page(id);
        if (found.isEmpty()) {
            return html(HttpStatus.NOT_FOUND, CheckoutPageHtml.notFound());
        }
        CheckoutSession session = found.get();
        CheckoutCardForm.Read read = CheckoutCardForm.read(form, CheckoutCardForm.thisMonth());
        if (read.card().isEmpty()) {
            if (!session.payable(Instant.now())) {
                return redirect(PATH + id);
            }
            return html(HttpStatus.UNPROCESSABLE_CONTENT, CheckoutPageHtml.form(session, null, read.errors(), read.holderName()));
        }
        return submitted(session, read.holderName(), () -> sessions.payWithCard(id, read.card().get(), read.holderName(),
                request.getRemoteAddr()));
    }

    @PostMapping(path = PATH + "{id}/bank", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<byte[]> payByBank(@PathVariable String id, @RequestParam Map<String, String> form,
                                     jakarta.servlet.http.HttpServletRequest request) {
        Optional<CheckoutSession> found = sessions.page(id);
        if (found.isEmpty()) {
            return html(HttpStatus.NOT_FOUND, CheckoutPageHtml.notFound());
        }
        CheckoutSession session = found.get();
        if (BankRedirects.bank(form.getOrDefault("bank", "")).isEmpty()) {
            return html(HttpStatus.UNPROCESSABLE_CONTENT, CheckoutPageHtml.form(session, "Choose your bank from the list.",
                    Map.of(), null));
        }
        return submitted(session, null, () -> sessions.payByBank(id, form.get("bank"), request.getRemoteAddr()));
    }

    /**
     * Sends what the customer submitted, then back to the page (post, redirect, get). Refused: too many attempts, or the
     * provider could not be reached, the form says so; ended or raced meanwhile (409), the page shows how it stands.
     */
    private ResponseEntity<byte[]> submitted(CheckoutSession session, String holderName, Runnable send) {
        try {
            send.run();
        } catch (ApiException refused) {
            log.info("checkout {} payment not sent: {}", session.id(), refused.getMessage());
            if (refused.status() == 429) {
                return html(HttpStatus.TOO_MANY_REQUESTS, CheckoutPageHtml.form(session, refused.getMessage(), Map.of(), holderName));
            }
            if (refused.status() != 409) {
                return html(HttpStatus.OK, CheckoutPageHtml.form(session, NOT_SENT, Map.of(), holderName));
            }
        }
        return redirect(PATH + session.id());
    }

    /** What the customer reads of the last attempt: Payrail's message for the decline, never the provider's words. */
    private static String lastFailure(CheckoutPayments.View payment) {
        if (payment.status() == PaymentStatus.REQUIRES_PAYMENT_METHOD || payment.status() == PaymentStatus.FAILED) {
            String why = payment.failureMessage() != null ? payment.failureMessage() : "The payment did not go through.";
            return why + (why.contains("othing was charged") ? "" : " Nothing was charged.")
                    + (why.contains("Try again") ? "" : " Try again or use another card.");
        }
        if (payment.status() == PaymentStatus.CANCELED) {
            return "Your bank's confirmation was not completed in time; nothing was charged. Try again.";
        }
        return null;
    }

    private static ResponseEntity<byte[]> html(HttpStatus status, String page) {
        return ResponseEntity.status(status).contentType(HTML).body(page.getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<byte[]> redirect(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, location).build();
    }
}
