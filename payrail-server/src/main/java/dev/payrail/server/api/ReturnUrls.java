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

    /** {@code url} with {@code name=value} added to its query. */
    public static String with(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
