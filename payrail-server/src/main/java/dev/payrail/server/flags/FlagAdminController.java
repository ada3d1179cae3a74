package dev.payrail.server.flags;

import dev.payrail.core.flags.FlagDefinition;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.api.RequestIds;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Operators see every flag with its placement and change it (admin role): the default variant, a percentage
 * rollout, variants pinned per merchant. Each change is kept with its before and after; the request itself is in the
 * audit log under the same request id (docs/flags.md).
 */
@RestController
@RequestMapping("/v1/admin/flags")
public class FlagAdminController {
    private static final Set<String> FIELDS = Set.of("default_variant", "rollout", "merchants", "reason");

    private final FlagCatalog catalog;
    private final FeatureFlags flags;
    private final FlagChanges changes;
    private final FlagStore store;
    private final JsonMapper json;

    FlagAdminController(FlagCatalog catalog, FeatureFlags flags, FlagChanges changes, FlagStore store, JsonMapper json) {
        this.catalog = catalog;
        this.flags = flags;
        this.changes = changes;
        this.store = store;
        this.json = json;
    }

    @Operation(operationId = "listFlags", summary = "Every feature flag with its variants and placement (operator: viewer)")
    @GetMapping
    public Map<String, Object> list() {
        return ListPage.whole("/v1/admin/flags", catalog.all().stream().map(this::flagJson).toList());
    }

    @Operation(operationId = "getFlag", summary = "One feature flag with its variants and placement (operator: viewer)")
    @GetMapping("/{key}")
    public Map<String, Object> get(@PathVariable String key) {
        return flagJson(entry(key));
    }

    @Operation(operationId = "changeFlag", summary = "Change a flag's default variant, percentage rollout or pinned "
            + "merchants; parts not sent are kept (admin)")
    @PostMapping("/{key}")
    public Map<String, Object> change(@PathVariable String key, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                      @Parameter(hidden = true) HttpServletRequest request) {
        FlagCatalog.Entry entry = entry(key);
        FlagChanges.Request parsed = parse(entry, JsonParams.object(json, body));
        changes.change(entry, parsed, Caller.of(request).auditActor(), RequestIds.of(request));
        return flagJson(entry);
    }

    @Operation(operationId = "listFlagChanges", summary = "A flag's changes, newest first, each with its before and after "
            + "(operator: viewer)")
    @GetMapping("/{key}/changes")
    public Map<String, Object> history(@PathVariable String key, @Parameter(hidden = true) @RequestParam Map<String, String> query) {
        FlagCatalog.Entry entry = entry(key);
        QueryParams params = QueryParams.of(query, Set.of("limit", "starting_after"));
        long before = params.text("starting_after").map(FlagAdminController::position).orElse(Long.MAX_VALUE);
        return ListPage.of("/v1/admin/flags/" + entry.key() + "/changes", store.changes(entry.key(), before, params.limit() + 1),
                params.limit(), this::changeJson);
    }

    private FlagCatalog.Entry entry(String key) {
        return catalog.find(key).orElseThrow(() -> ApiException.notFound("flag", key));
    }

    private FlagChanges.Request parse(FlagCatalog.Entry entry, JsonNode body) {
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.invalid("parameter_unknown", field, "Received unknown parameter: " + field);
            }
        }
        if (!body.has("default_variant") && !body.has("rollout") && !body.has("merchants")) {
            throw ApiException.invalid("parameter_missing", "default_variant",
                    "Send default_variant, rollout or merchants: what the change sets.");
        }
        Optional<String> defaultVariant = body.has("default_variant")
                ? Optional.of(variant(entry, body.get("default_variant"), "default_variant")) : Optional.empty();
        Optional<Optional<FlagDefinition.Rollout>> rollout = Optional.empty();
        if (body.has("rollout")) {
            rollout = Optional.of(body.get("rollout").isNull() ? Optional.empty() : Optional.of(rollout(entry, body.get("rollout"))));
        }
        Map<String, String> merchants = new LinkedHashMap<>();
        if (body.has("merchants")) {
            JsonNode pinned = body.get("merchants");
            if (!pinned.isObject()) {
                throw ApiException.invalid("parameter_invalid", "merchants",
                        "merchants maps a merchant id to its variant, or to null to unpin it.");
            }
            for (String merchant : pinned.propertyNames()) {
                JsonNode variant = pinned.get(merchant);
                merchants.put(merchant, variant.isNull() ? null : variant(entry, variant, "merchants." + merchant));
            }
        }
        String reason = null;
        if (body.has("reason")) {
            if (!body.get("reason").isString() || body.get("reason").asString().length() > 500) {
                throw ApiException.invalid("parameter_invalid", "reason", "reason is a text of at most 500 characters.");
            }
            reason = body.get("reason").asString();
            JsonParams.requireStorableText("reason", reason);
        }
        return new FlagChanges.Request(defaultVariant, rollout, merchants, reason);
    }

    private static FlagDefinition.Rollout rollout(FlagCatalog.Entry entry, JsonNode node) {
        if (!node.isObject()) {
            throw ApiException.invalid("parameter_invalid", "rollout", "rollout is {\"variant\": ..., \"percent\": ...} or null.");
        }
        for (String field : node.propertyNames()) {
            if (!Set.of("variant", "percent").contains(field)) {
                throw ApiException.invalid("parameter_unknown", "rollout." + field, "Received unknown parameter: rollout." + field);
            }
        }
        String variant = variant(entry, node.get("variant"), "rollout.variant");
        JsonNode percent = node.get("percent");
        Optional<Integer> basisPoints = percent != null && percent.isNumber()
                ? FlagJson.basisPoints(new BigDecimal(percent.asString())) : Optional.empty();
        if (basisPoints.isEmpty()) {
            throw ApiException.invalid("parameter_invalid", "rollout.percent",
                    "percent is a number from 0 to 100 with at most two decimals.");
        }
        return new FlagDefinition.Rollout(variant, basisPoints.get());
    }

    private static String variant(FlagCatalog.Entry entry, JsonNode node, String param) {
        if (node == null || !node.isString() || !entry.variants().contains(node.asString())) {
            throw ApiException.invalid("parameter_invalid", param, "The flag " + entry.key() + "'s variants are "
                    + String.join(", ", entry.variants()) + ".");
        }
        return node.asString();
    }

    private Map<String, Object> flagJson(FlagCatalog.Entry entry) {
        Optional<FlagStore.Stored> stored = flags.stored(entry.key());
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("key", entry.key());
        flag.put("object", "feature_flag");
        flag.put("variants", entry.variants());
        flag.put("splits_by", entry.splits());
        flag.put("description", entry.description());
        flag.putAll(FlagJson.placement(flags.definition(entry.key())));
        flag.put("version", stored.map(FlagStore.Stored::version).orElse(0));
        flag.put("updated_at", stored.map(s -> s.updatedAt().getEpochSecond()).orElse(null));
        flag.put("updated_by", stored.map(FlagStore.Stored::updatedBy).orElse(null));
        return flag;
    }

    private Map<String, Object> changeJson(FlagStore.Change change) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", "flagchg_" + change.id());
        json.put("object", "feature_flag_change");
        json.put("flag", change.key());
        json.put("version", change.version());
        json.put("before", change.before() == null ? null : this.json.readTree(change.before()));
        json.put("after", this.json.readTree(change.after()));
        json.put("actor", change.actor());
        json.put("request_id", change.requestId());
        json.put("reason", change.reason());
        json.put("created", change.at().getEpochSecond());
        return json;
    }

    private static long position(String cursor) {
        try {
            return Long.parseLong(cursor.startsWith("flagchg_") ? cursor.substring(8) : cursor);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("parameter_invalid", "starting_after", "No such change: '" + cursor + "'");
        }
    }

}
