package dev.payrail.server.idempotency;

/**
 * The {@code Idempotency-Key} of one request, as the HTTP layer read it: whose it is ({@code scope}), the key,
 * and the HMAC of the canonical request it came with. A command receives it as a value and claims it in its
 * own first transaction; nothing below the controllers reads it from the request.
 */
public record IdempotencyKey(String scope, String key, byte[] fingerprint, String method, String path) {
}
