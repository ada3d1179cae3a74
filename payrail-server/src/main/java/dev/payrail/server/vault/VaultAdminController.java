package dev.payrail.server.vault;

import dev.payrail.server.api.JsonParams;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Key rotation for operators with the admin role: list keys with progress, rotate, retire. */
@RestController
class VaultAdminController {
    private final VaultKeys keys;
    private final JsonMapper json;

    VaultAdminController(VaultKeys keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Operation(operationId = "listVaultKeys", summary = "Vault key-encryption keys with their state and how many records "
            + "each still wraps (operator: viewer)")
    @GetMapping("/v1/admin/vault/keys")
    public Map<String, Object> list() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("object", "list");
        answer.put("url", "/v1/admin/vault/keys");
        answer.put("has_more", false);
        answer.put("data", keys.status().stream().map(k -> Map.of("id", k.id(), "object", "vault_key", "state", k.state(),
                "records", k.records())).toList());
        answer.put("records_awaiting_rewrap", keys.status().stream().filter(k -> !"active".equals(k.state()))
                .mapToLong(VaultKeys.KeyStatus::records).sum());
        return answer;
    }

    @Operation(operationId = "rotateVaultKey", summary = "Activate a new key-encryption key (generated, or key_id from "
            + "the key store); the rewrap job moves existing records to it (operator: admin)")
    @PostMapping("/v1/admin/vault/keys/rotate")
    public Map<String, Object> rotate(@Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                      @Parameter(hidden = true) HttpServletRequest request) {
        JsonParams params = JsonParams.parse(json, body == null || body.length == 0 ? "{}".getBytes() : body,
                Set.of("key_id"));
        String active = keys.rotate(params.optionalString("key_id", 64).orElse(null), Caller.of(request).auditActor());
        return Map.of("object", "vault_key", "id", active, "state", "active");
    }

    @Operation(operationId = "retireVaultKey", summary = "Retire a key no record uses any more and destroy it in the "
            + "key store (operator: admin)")
    @PostMapping("/v1/admin/vault/keys/{id}/retire")
    public Map<String, Object> retire(@PathVariable String id, @Parameter(hidden = true) HttpServletRequest request) {
        keys.retire(id, Caller.of(request).auditActor());
        return Map.of("object", "vault_key", "id", id, "state", "retired");
    }
}
