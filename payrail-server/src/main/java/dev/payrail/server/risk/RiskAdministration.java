package dev.payrail.server.risk;

import dev.payrail.core.risk.RiskList;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Changes to a merchant's lists, and what a risk analyst sees of a merchant's risk set-up, for both surfaces: the
 * merchant's own API (/v1/risk/lists) and the operations console (an operator working for the merchant). One
 * validation, one store, the merchant's cached rules and lists refreshed at once in this process.
 */
@Component
public class RiskAdministration {
    /** The fields of a list entry as both surfaces take it. */
    public static final Set<String> ENTRY_FIELDS = Set.of("kind", "type", "value", "description");

    /** Version 0: what a merchant that saved no rules is evaluated with. */
    static final RiskStore.RuleSet DEFAULTS = new RiskStore.RuleSet(0, null,
            dev.payrail.core.risk.DefaultRiskRules.RULES.stream().map(r -> new RiskStore.StoredRule(r.id(), r.action(),
                    r.condition().text(), r.logOnly())).toList());

    private final RiskStore store;
    private final RiskEvaluator evaluator;
    private final RiskSettings settings;

    RiskAdministration(RiskStore store, RiskEvaluator evaluator, RiskSettings settings) {
        this.store = store;
        this.evaluator = evaluator;
        this.settings = settings;
    }

    /** Adds an entry (normalized; the same entry again answers the one listed); refused with the field at fault. */
    public Map<String, Object> addListEntry(String merchantId, JsonParams params) {
        RiskList.Kind kind = RiskController.word(params.requiredString("kind", 16), "kind", RiskList.Kind.class);
        RiskList.Type type = RiskController.word(params.requiredString("type", 32), "type", RiskList.Type.class);
        String raw = params.requiredString("value", 320);
        JsonParams.requireStorableText("value", raw);
        JsonParams.refuseCardNumber("value", raw);
        String value;
        try {
            value = RiskList.normalize(type, raw);
        } catch (IllegalArgumentException refused) {
            throw ApiException.invalid("parameter_invalid", "value", "value is not a " + type.wireName() + ": " + refused.getMessage());
        }
        String description = params.optionalFreeText("description", 500).orElse(null);
        RiskStore.ListEntry added = store.addToList(merchantId, kind, type, value, description);
        evaluator.changed(merchantId);
        return entry(added);
    }

    /**
     * Blocks a card at its merchant because its issuer reported it used fraudulently (an early fraud warning): a block
     * entry for its fingerprint, in the caller's transaction, visible and removable as any entry. Once per card.
     */
    public void blockReportedCard(String merchantId, String cardFingerprint, String why) {
        store.addToList(merchantId, RiskList.Kind.BLOCK, RiskList.Type.CARD_FINGERPRINT,
                RiskList.normalize(RiskList.Type.CARD_FINGERPRINT, cardFingerprint), why);
        evaluator.changed(merchantId);
    }

    /** Removes an entry (kept in the table with its removal time); 404 when the merchant has no such entry listed. */
    public Map<String, Object> removeListEntry(String merchantId, String id) {
        if (!store.removeFromList(merchantId, id)) {
            throw ApiException.notFound("risk_list_entry", id);
        }
        evaluator.changed(merchantId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("object", "risk_list_entry");
        answer.put("deleted", true);
        return answer;
    }

    /** A merchant's risk set-up at a glance: the rules in force (its latest set, or the defaults), its lists, settings. */
    public Map<String, Object> profile(String merchantId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "risk_profile");
        json.put("merchant", merchantId);
        json.put("rules", RiskController.ruleSet(store.rules(merchantId, Optional.empty()).orElse(DEFAULTS)));
        json.put("lists", store.list(merchantId, Optional.empty(), 100).stream().map(RiskAdministration::entry).toList());
        json.put("settings", settings.json(merchantId));
        return json;
    }

    static Map<String, Object> entry(RiskStore.ListEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("object", "risk_list_entry");
        json.put("kind", entry.kind().name().toLowerCase(Locale.ROOT));
        json.put("type", entry.type().wireName());
        json.put("value", entry.value());
        json.put("description", entry.description());
        json.put("created", entry.created().getEpochSecond());
        return json;
    }
}
