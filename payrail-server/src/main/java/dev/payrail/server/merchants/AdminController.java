package dev.payrail.server.merchants;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Operator endpoints, behind the admin token: create merchants and issue their API keys. */
@RestController
@RequestMapping("/v1/admin/merchants")
public class AdminController {
    private final MerchantStore merchants;
    private final JsonMapper json;

    public AdminController(MerchantStore merchants, JsonMapper json) {
        this.merchants = merchants;
        this.json = json;
    }

    /** Creates a merchant with a first secret key, shown in this response only. */
    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) byte[] body) {
        JsonParams params = JsonParams.parse(json, body, Set.of("name"));
        String name = params.requiredString("name", 200).strip();
        if (name.isEmpty()) {
            throw ApiException.invalid("parameter_invalid_string", "name", "name must not be blank.");
        }
        MerchantStore.Merchant merchant = merchants.create(name);
        MerchantStore.NewApiKey key = merchants.newKey(merchant.id());
        Map<String, Object> response = merchantJson(merchant);
        response.put("api_key", keyJson(key));
        return ResponseEntity.status(HttpStatus.CREATED).body(response);
    }

    /** Issues another secret key for a merchant (for rotation). */
    @PostMapping("/{merchantId}/api_keys")
    public ResponseEntity<Map<String, Object>> newKey(@PathVariable String merchantId) {
        merchants.find(merchantId).orElseThrow(() -> ApiException.notFound("merchant", merchantId));
        return ResponseEntity.status(HttpStatus.CREATED).body(keyJson(merchants.newKey(merchantId)));
    }

    private static Map<String, Object> merchantJson(MerchantStore.Merchant merchant) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", merchant.id());
        json.put("object", "merchant");
        json.put("name", merchant.name());
        json.put("livemode", false);
        json.put("created", merchant.created().getEpochSecond());
        return json;
    }

    private static Map<String, Object> keyJson(MerchantStore.NewApiKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("object", "api_key");
        json.put("merchant", key.merchantId());
        json.put("secret", key.secret());
        json.put("prefix", key.prefix());
        return json;
    }
}
