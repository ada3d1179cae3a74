package dev.payrail.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The W3C {@code traceparent} each payment arrived with, by the simulator's reference for it, so that the
 * webhooks the simulator sends about that payment later carry the caller's trace on, as real providers'
 * tracing-aware gateways do. Bounded: the oldest entries are forgotten.
 */
final class TraceContexts {
    private static final int MAX = 10_000;

    private final Map<String, String> byReference = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX;
        }
    };

    /** Remembers {@code traceparent} for the reference a response names ({@code id} or {@code pspReference}). */
    synchronized void remember(String traceparent, Map<String, Object> responseBody) {
        if (traceparent == null || responseBody == null) {
            return;
        }
        for (String field : new String[]{"id", "pspReference"}) {
            if (responseBody.get(field) instanceof String reference) {
                byReference.putIfAbsent(reference, traceparent);
            }
        }
    }

    synchronized String of(String reference) {
        return byReference.get(reference);
    }
}
