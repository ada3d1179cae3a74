package dev.payrail.server.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The merchant's return URLs: where a customer's browser is sent once a payment stopped waiting for them. */
public final class ReturnUrls {
    private ReturnUrls() {
    }

    /** An absolute http(s) URL with a host and no credentials (a URL with user info is a phishing vector). */
    public static boolean valid(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The request's {@code return_url}, if sent: refused with a 400 naming it unless {@link #valid}. */
    public static java.util.Optional<String> param(JsonParams params) {
        java.util.Optional<String> url = params.optionalString("return_url", 2048);
        url.ifPresent(u -> {
            if (!valid(u)) {
                throw ApiException.invalid("url_invalid", "return_url",
                        "return_url must be an absolute http or https URL where the customer lands after authenticating.");
            }
        });
        return url;
    }

    /** Stripe's {@code next_action} of a payment or setup intent waiting for its customer at {@code url}. */
    public static java.util.Map<String, Object> redirectAction(String url, String returnUrl) {
        java.util.Map<String, Object> redirect = new java.util.LinkedHashMap<>();
        redirect.put("url", url);
        redirect.put("return_url", returnUrl);
        java.util.Map<String, Object> action = new java.util.LinkedHashMap<>();
        action.put("type", "redirect_to_url");
        action.put("redirect_to_url", redirect);
        return action;
    }

    /**
     * Where a customer back at Payrail from a bank's page goes next: on to the merchant's {@code returnUrl} with
     * {@code objectName=id} and {@code redirect_status}, as Stripe sends them; without one, a page saying {@code words}.
     */
    public static org.springframework.http.ResponseEntity<byte[]> sendOn(String returnUrl, String objectName, String id,
                                                                       String status, String title, String words) {
        if (returnUrl != null) {
            String next = with(with(returnUrl, objectName, id), "redirect_status", status);
            return org.springframework.http.ResponseEntity.status(org.springframework.http.HttpStatus.SEE_OTHER)
                    .header(org.springframework.http.HttpHeaders.LOCATION, next)
                    .header(org.springframework.http.HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>"
                + "<main><h1 id=\"outcome\" data-status=\"" + status + "\">" + words + "</h1>"
                + "<p>You may close this window.</p></main></body></html>";
        return org.springframework.http.ResponseEntity.ok()
                .contentType(new org.springframework.http.MediaType("text", "html", StandardCharsets.UTF_8))
                .header(org.springframework.http.HttpHeaders.CACHE_CONTROL, "no-store").body(html.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code url} with {@code name=value} added to its query. */
    public static String with(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
