package dev.payrail.server.api;

import dev.payrail.server.PayrailProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The address customers' browsers reach Payrail at: the return URLs of 3-D Secure challenges and bank redirects, and
 * the hosted checkout pages. {@code payrail.public-url} in production (an https origin behind the load balancer);
 * unset, the loopback address of the port Payrail listens on, which is what {@code ./payrail} and the tests need.
 */
@Component
public class PublicAddress {
    private final String configured;
    private volatile String listening = "http://localhost:8080";

    PublicAddress(PayrailProperties properties) {
        String url = properties.publicUrl();
        this.configured = url == null || url.isBlank() ? null : url.replaceAll("/+$", "");
    }

    @EventListener
    void onListening(WebServerInitializedEvent event) {
        listening = "http://localhost:" + event.getWebServer().getPort();
    }

    /** The origin, without a trailing slash. */
    public String origin() {
        return configured != null ? configured : listening;
    }

    /** An absolute URL of {@code path} (starting with /). */
    public String url(String path) {
        return origin() + path;
    }
}
