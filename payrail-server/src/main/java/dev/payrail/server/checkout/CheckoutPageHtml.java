package dev.payrail.server.checkout;

import dev.payrail.core.money.Money;
import dev.payrail.core.payments.BankRedirects;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The hosted page's HTML: plain, accessible (every field labelled, errors announced and tied to their field), no
 * script and no build step. Everything the merchant or the customer wrote is escaped; a card number or security
 * code is never written back into the page.
 */
final class CheckoutPageHtml {
    private CheckoutPageHtml() {
    }

    static String form(CheckoutSession session, String problem, Map<String, String> fieldErrors, String holderName) {
        String amount = amount(session.amount());
        StringBuilder body = new StringBuilder();
        body.append("<h1 id=\"title\">Pay <span id=\"amount\">").append(amount).append("</span></h1>");
        description(session, body);
        if (problem != null) {
            body.append("<div id=\"error\" class=\"error\" role=\"alert\">").append(escape(problem)).append("</div>");
        } else if (!fieldErrors.isEmpty()) {
            body.append("<div id=\"error\" class=\"error\" role=\"alert\">Please check the card details below.</div>");
        }
        if (session.paymentMethodTypes().contains("card")) {
            cardForm(body, CheckoutPage.PATH + session.id() + "/pay", amount, fieldErrors, holderName,
                    session.paymentMethodTypes().size() > 1);
        }
        if (session.paymentMethodTypes().contains("bank_redirect")) {
            bankForm(body, CheckoutPage.PATH + session.id() + "/bank", amount);
        }
        cancelLink(session, body);
        return page("Pay " + amount, body.toString(), null);
    }

    private static void cardForm(StringBuilder body, String payUrl, String amount, Map<String, String> fieldErrors,
                                 String holderName, boolean titled) {
        if (titled) {
            body.append("<h2 id=\"by_card\">Pay by card</h2>");
        }
        body.append("<form method=\"post\" action=\"").append(escape(payUrl)).append("\" novalidate>");
        field(body, CheckoutCardForm.NAME, "Name on card", "cc-name", "text", holderName, fieldErrors, "");
        field(body, CheckoutCardForm.NUMBER, "Card number", "cc-number", "numeric", null, fieldErrors,
                " placeholder=\"1234 1234 1234 1234\" maxlength=\"23\"");
        body.append("<div class=\"row\">");
        field(body, CheckoutCardForm.EXPIRY, "Expiry date (MM / YY)", "cc-exp", "numeric", null, fieldErrors,
                " placeholder=\"MM / YY\" maxlength=\"9\"");
        field(body, CheckoutCardForm.CVC, "Security code", "cc-csc", "numeric", null, fieldErrors,
                " placeholder=\"CVC\" maxlength=\"4\"");
        body.append("</div>");
        body.append("<button type=\"submit\" id=\"pay\">Pay ").append(amount).append("</button></form>");
    }

    /** The bank redirect: the customer picks their bank here and approves at its page. */
    private static void bankForm(StringBuilder body, String bankUrl, String amount) {
        body.append("<h2 id=\"by_bank\">Pay with your bank (iDEAL)</h2>")
                .append("<form method=\"post\" action=\"").append(escape(bankUrl)).append("\">")
                .append("<div class=\"field\"><label for=\"bank\">Your bank</label><select id=\"bank\" name=\"bank\" required>");
        for (BankRedirects.Bank bank : BankRedirects.BANKS) {
            body.append("<option value=\"").append(bank.id()).append("\">").append(escape(bank.name())).append("</option>");
        }
        body.append("</select></div><button type=\"submit\" id=\"pay_bank\">Continue to your bank to pay ")
                .append(amount).append("</button></form>");
    }

    /** The bank wants the customer to confirm: sent on at once, with a link for a browser that does not follow. */
    static String toBank(CheckoutSession session, String bankUrl) {
        String body = "<h1 id=\"title\">Confirm with your bank</h1>"
                + "<p id=\"status\" data-status=\"requires_action\">Your bank needs you to confirm this payment of "
                + amount(session.amount()) + ". Taking you there now.</p>"
                + "<p><a id=\"continue\" href=\"" + escape(bankUrl) + "\">Continue to your bank</a></p>";
        return page("Confirm with your bank", body, "0;url=" + bankUrl);
    }

    /** Paid: sent on to the merchant's success URL at once, with a link for a browser that does not follow. */
    static String paid(CheckoutSession session, String successUrl) {
        String body = "<h1 id=\"title\">Payment successful</h1>"
                + "<p id=\"status\" data-status=\"complete\" role=\"status\">Thank you: " + amount(session.amount())
                + " was paid. Taking you back to the shop.</p>"
                + "<p><a id=\"continue\" href=\"" + escape(successUrl) + "\">Return to the shop</a></p>";
        return page("Payment successful", body, "0;url=" + successUrl);
    }

    /** The provider has not decided yet: the page looks again every few seconds. */
    static String processing(CheckoutSession session) {
        String body = "<h1 id=\"title\">Processing your payment</h1>"
                + "<p id=\"status\" data-status=\"processing\" role=\"status\">Your payment of " + amount(session.amount())
                + " is being processed. This page updates by itself; please do not pay again.</p>";
        return page("Processing your payment", body, "3");
    }

    static String expired(CheckoutSession session) {
        StringBuilder body = new StringBuilder("<h1 id=\"title\">This checkout has expired</h1>"
                + "<p id=\"status\" data-status=\"expired\">Nothing was charged. Return to the shop to start again.</p>");
        cancelLink(session, body);
        return page("Checkout expired", body.toString(), null);
    }

    static String notFound() {
        return page("Checkout not found", "<h1 id=\"title\">This checkout link is not valid</h1>"
                + "<p id=\"status\" data-status=\"not_found\">Check the link the shop gave you, or return to the shop.</p>", null);
    }

    /** Minor units written out with the currency's own number of decimals: 2500 EUR is 25.00 EUR, 2500 JPY is 2500 JPY. */
    static String amount(Money money) {
        return BigDecimal.valueOf(money.minorUnits(), money.currency().exponent()).toPlainString() + " "
                + money.currency().code();
    }

    private static void description(CheckoutSession session, StringBuilder body) {
        if (session.description() != null) {
            body.append("<p id=\"description\" class=\"description\">").append(escape(session.description())).append("</p>");
        }
    }

    private static void cancelLink(CheckoutSession session, StringBuilder body) {
        body.append("<p class=\"back\"><a id=\"cancel\" href=\"").append(escape(session.cancelUrl()))
                .append("\">Cancel and return to the shop</a></p>");
    }

    private static void field(StringBuilder body, String name, String label, String autocomplete, String inputMode,
                              String value, Map<String, String> errors, String extra) {
        String error = errors.get(name);
        body.append("<div class=\"field\"><label for=\"").append(name).append("\">").append(label).append("</label>")
                .append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" autocomplete=\"")
                .append(autocomplete).append("\"");
        if (!"text".equals(inputMode)) {
            body.append(" inputmode=\"").append(inputMode).append("\"");
        }
        body.append(" required").append(extra);
        if (value != null && !value.isEmpty()) {
            body.append(" value=\"").append(escape(value)).append("\"");
        }
        if (error != null) {
            body.append(" aria-invalid=\"true\" aria-describedby=\"").append(name).append("-error\">")
                    .append("<p class=\"field-error\" id=\"").append(name).append("-error\">").append(escape(error)).append("</p>");
        } else {
            body.append(">");
        }
        body.append("</div>");
    }

    private static String page(String title, String main, String refresh) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + (refresh == null ? "" : "<meta http-equiv=\"refresh\" content=\"" + escape(refresh) + "\">")
                + "<title>" + escape(title) + "</title><link rel=\"stylesheet\" href=\"" + CheckoutPage.PATH + "assets/checkout.css\">"
                + "</head><body><main class=\"checkout\" aria-labelledby=\"title\">" + main
                + "<p class=\"by\">Secure payment by Payrail</p></main></body></html>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
