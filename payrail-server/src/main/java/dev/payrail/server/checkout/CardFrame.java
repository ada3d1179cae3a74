package dev.payrail.server.checkout;

import dev.payrail.server.api.ReturnUrls;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The card fields payrail.js mounts: {@code GET /js/card-frame?key=pk_...&origin=https://shop.example}. Served for
 * exactly one embedding origin: its CSP lets only that origin frame it ({@code frame-ancestors}), its script talks
 * only to Payrail ({@code connect-src 'self'}) and posts messages only to that origin. So no other site can frame the
 * fields to overlay them, and the card never leaves Payrail's origin.
 */
@Controller
class CardFrame {
    static final String PATH = "/js/card-frame";

    @GetMapping(PATH)
    ResponseEntity<byte[]> frame(@RequestParam(name = "key", required = false) String key,
                                 @RequestParam(name = "origin", required = false) String origin) {
        if (key == null || !key.matches("pk_(test|live)_[A-Za-z0-9]{8,64}") || !isOrigin(origin)) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                    .body("payrail.js frame: key must be a publishable key (pk_...) and origin the embedding page's origin."
                            .getBytes(StandardCharsets.UTF_8));
        }
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Card details</title>"
                + "<link rel=\"stylesheet\" href=\"/js/card-frame.css\"></head><body><form id=\"card\" novalidate>"
                + field("cardholder_name", "Name on card", "cc-name", "text", "")
                + field("card_number", "Card number", "cc-number", "numeric", " placeholder=\"1234 1234 1234 1234\" maxlength=\"23\"")
                + "<div class=\"row\">"
                + field("card_expiry", "Expiry date (MM / YY)", "cc-exp", "numeric", " placeholder=\"MM / YY\" maxlength=\"9\"")
                + field("card_cvc", "Security code", "cc-csc", "numeric", " placeholder=\"CVC\" maxlength=\"4\"")
                + "</div><p id=\"problem\" class=\"problem\" role=\"alert\" hidden></p></form>"
                + "<script src=\"/js/card-frame.js\"></script></body></html>";
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                        + "frame-ancestors " + origin + "; base-uri 'none'; form-action 'none'")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .body(html.getBytes(StandardCharsets.UTF_8));
    }

    private static String field(String id, String label, String autocomplete, String inputMode, String extra) {
        return "<div class=\"field\"><label for=\"" + id + "\">" + label + "</label><input id=\"" + id + "\" name=\"" + id
                + "\" autocomplete=\"" + autocomplete + "\"" + ("text".equals(inputMode) ? "" : " inputmode=\"" + inputMode + "\"")
                + " required" + extra + "><p class=\"field-error\" id=\"" + id + "-error\" hidden></p></div>";
    }

    /** An origin and nothing else: scheme, host and port, which a CSP source expression may name as it is. */
    static boolean isOrigin(String origin) {
        if (origin == null || !ReturnUrls.valid(origin) || !origin.matches("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?")) {
            return false;
        }
        URI uri = URI.create(origin);
        return uri.getRawPath() == null || uri.getRawPath().isEmpty();
    }
}
