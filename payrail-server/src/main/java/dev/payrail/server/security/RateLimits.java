package dev.payrail.server.security;

import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per presented credential and per source address, checked before authentication so that
 * guessing keys is throttled too (a bucket is keyed by a hash of the credential, never the credential). Over
 * the limit: 429 with {@code Retry-After} in seconds. Provider webhooks are exempt: they are signed, and
 * throttling a provider would only delay its retries. Buckets are per instance; behind a load balancer the
 * limit is per instance too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class RateLimits extends OncePerRequestFilter {
    /** Idle buckets are dropped once there are this many, so a flood of made-up keys cannot fill memory. */
    private static final int MAX_BUCKETS = 100_000;

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final int perKey;
    private final int perIp;
    private final int burstSeconds;
    private final ErrorResponses errors;

    RateLimits(PayrailProperties properties, ErrorResponses errors) {
        this.perKey = properties.security().rateLimitPerKey();
        this.perIp = properties.security().rateLimitPerIp();
        this.burstSeconds = Math.max(1, properties.security().burstSeconds());
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !dev.payrail.server.api.ApiSurfaces.isApi(path) || path.startsWith("/v1/provider-webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long now = System.nanoTime();
        long waitIp = take("ip:" + request.getRemoteAddr(), perIp, now);
        String credential = request.getHeader("Authorization");
        long waitKey = credential == null ? 0 : take("key:" + HexFormat.of().formatHex(ApiKeys.hash(credential)), perKey, now);
        long waitNanos = Math.max(waitIp, waitKey);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            response.setHeader("Retry-After", Long.toString(seconds));
            errors.write(request, response, ApiException.of(429, "rate_limit_error", "rate_limited",
                    "Too many requests " + (waitKey >= waitIp ? "with this API key" : "from this address")
                            + "; retry after " + seconds + " s.", null));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Takes one token from the bucket {@code name}; 0 if there was one, otherwise how long until there is. */
    private long take(String name, int perSecond, long now) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(bucket -> bucket.idleSince(now) > burstSeconds * 1_000_000_000L);
        }
        return buckets.computeIfAbsent(name, n -> new TokenBucket(perSecond, (long) perSecond * burstSeconds, now))
                .take(now);
    }

    /** {@code capacity} tokens, refilled at {@code perSecond}; synchronized per bucket, so contention is per caller. */
    static final class TokenBucket {
        private final double perNano;
        private final long capacity;
        private double tokens;
        private long updated;

        TokenBucket(int perSecond, long capacity, long now) {
            this.perNano = perSecond / 1e9;
            this.capacity = Math.max(1, capacity);
            this.tokens = this.capacity;
            this.updated = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - updated) * perNano);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }

        synchronized long idleSince(long now) {
            return now - updated;
        }
    }
}
