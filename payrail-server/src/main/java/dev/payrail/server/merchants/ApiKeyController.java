package dev.payrail.server.merchants;

import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.security.Caller;
import dev.payrail.server.security.Permissions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * /v1/api_keys: a merchant's own keys, managed with a full secret key (restricted, read-only and
 * publishable keys cannot manage keys). Keys are created in the caller's mode, rolled with an overlap and
 * revoked at once.
 */
@RestController
class ApiKeyController {
    /** The longest a rolled key may keep working beside its successor. */
    static final Duration MAX_OVERLAP = Duration.ofDays(7);

    private final MerchantStore merchants;
    private final JsonMapper json;

    ApiKeyController(MerchantStore merchants, JsonMapper json) {
        this.merchants = merchants;
        this.json = json;
    }

    @Operation(operationId = "listApiKeys", summary = "The merchant's API keys (never their secrets)")
    @GetMapping("/v1/api_keys")
    public Map<String, Object> list(@Parameter(hidden = true) HttpServletRequest request) {
        return ListPage.whole("/v1/api_keys",
                merchants.keys(Caller.of(request).merchantId()).stream().map(ApiKeyController::json).toList());
    }

    @Operation(operationId = "createMerchantApiKey", summary = "Create a restricted, read-only, publishable or secret key "
            + "(full secret key only); the secret is shown once")
    @PostMapping("/v1/api_keys")
    public ResponseEntity<Map<String, Object>> create(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                                      @Parameter(hidden = true) HttpServletRequest request) {
        Caller caller = Caller.of(request);
        JsonParams params = JsonParams.parse(json, body, Set.of("kind", "permissions", "name"));
        KeyRequest key = read(params);
        MerchantStore.NewApiKey created = merchants.newKey(caller.merchantId(), key.kind(), caller.mode(),
                key.permissions(), key.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(newKeyJson(created));
    }

    @Operation(operationId = "rollApiKey", summary = "Replace a key: the new secret is shown once; the old key keeps "
            + "working for expires_in seconds (default 86400, at most 7 days, 0 stops it at once)")
    @PostMapping("/v1/api_keys/{id}/roll")
    public Map<String, Object> roll(@PathVariable String id,
                                    @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                    @Parameter(hidden = true) HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body, Set.of("expires_in"));
        long overlap = params.optionalLong("expires_in").orElse(86_400L);
        if (overlap < 0 || overlap > MAX_OVERLAP.toSeconds()) {
            throw ApiException.invalid("parameter_invalid_integer", "expires_in",
                    "expires_in must be 0 to " + MAX_OVERLAP.toSeconds() + " seconds.");
        }
        return newKeyJson(merchants.roll(Caller.of(request).merchantId(), id, Duration.ofSeconds(overlap)));
    }

    @Operation(operationId = "revokeApiKey", summary = "Revoke a key at once")
    @PostMapping("/v1/api_keys/{id}/revoke")
    public Map<String, Object> revoke(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        String merchantId = Caller.of(request).merchantId();
        merchants.revoke(merchantId, id);
        return json(merchants.key(merchantId, id).orElseThrow());
    }

    /** A key's kind, permissions and name as requested; permissions only for restricted keys. */
    record KeyRequest(Caller.KeyKind kind, List<String> permissions, String name) {
    }

    static KeyRequest read(JsonParams params) {
        String kindName = params.optionalString("kind", 16).orElse("restricted");
        Caller.KeyKind kind = switch (kindName) {
            case "secret" -> Caller.KeyKind.SECRET;
            case "read_only" -> Caller.KeyKind.READ_ONLY;
            case "restricted" -> Caller.KeyKind.RESTRICTED;
            case "publishable" -> Caller.KeyKind.PUBLISHABLE;
            default -> throw ApiException.invalid("parameter_invalid", "kind",
                    "kind must be secret, read_only, restricted or publishable.");
        };
        List<String> permissions = params.optionalStringList("permissions", Permissions.GRANTABLE, 20).orElse(List.of());
        if (kind == Caller.KeyKind.RESTRICTED && permissions.isEmpty()) {
            throw ApiException.invalid("parameter_missing", "permissions", "A restricted key needs at least one permission.");
        }
        if (kind != Caller.KeyKind.RESTRICTED && !permissions.isEmpty()) {
            throw ApiException.invalid("parameter_invalid", "permissions", "Only restricted keys take permissions.");
        }
        return new KeyRequest(kind, permissions, params.optionalFreeText("name", 100).orElse(null));
    }

    static Map<String, Object> newKeyJson(MerchantStore.NewApiKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("object", "api_key");
        json.put("merchant", key.merchantId());
        json.put("kind", key.kind().wireName());
        json.put("mode", key.mode());
        json.put("permissions", key.permissions());
        json.put("secret", key.secret());
        json.put("prefix", key.prefix());
        return json;
    }

    private static Map<String, Object> json(MerchantStore.ApiKeyInfo key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("object", "api_key");
        json.put("kind", key.kind().wireName());
        json.put("mode", key.mode());
        json.put("prefix", key.prefix());
        json.put("permissions", key.permissions());
        json.put("name", key.name());
        json.put("created", key.created().getEpochSecond());
        json.put("expires_at", key.expiresAt() == null ? null : key.expiresAt().getEpochSecond());
        json.put("revoked", key.revokedAt() != null);
        json.put("rolled_to", key.rolledTo());
        return json;
    }
}
