package dev.payrail.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The card network and issuers behind the acquirer, as far as stored credentials go. Every approved card
 * authorization gets a network transaction id; one flagged as the first of a stored-credential series (the customer
 * consented to the card being kept) opens a series under that id. A merchant-initiated payment (MIT) cites it: with a
 * series the network knows for that card, the issuer treats it as exempt from Strong Customer Authentication; without
 * one (no id, an unknown id, another card's), an issuer that demands authentication declines it
 * {@code authentication_required}, since the customer is not there to authenticate. Tests also instruct an issuer to
 * give its next answers for one card ({@code POST /sim/issuer/instructions}): to ask for authentication on an MIT
 * anyway, or to decline for want of funds.
 */
final class SimNetwork {
    private static final String SERIES = "network_series";

    /** What a face's request says of the stored credential: who starts it, whether it stores the card, what it cites. */
    record Credential(boolean merchantInitiated, boolean first, String networkTransactionId) {
        static final Credential NONE = new Credential(false, false, null);
    }

    private final Acquirer acquirer;
    /** Series by the network transaction id of their first payment: the card (brand and last four) it belongs to. */
    private final Map<String, String> series = new ConcurrentHashMap<>();
    /** Answers an issuer was told to give, by card (brand and last four), oldest first. */
    private final Map<String, Deque<String>> instructions = new ConcurrentHashMap<>();

    SimNetwork(Acquirer acquirer) {
        this.acquirer = acquirer;
        acquirer.journal().loaded(SERIES).forEach(r -> series.put((String) r.get("id"), (String) r.get("card")));
    }

    /** Gives an approved authorization its network transaction id; a first payment opens a series under it. */
    void approved(Authorization auth, CardProfile card, Credential credential) {
        auth.networkTransactionId = acquirer.nextId("ntx");
        if (credential.first()) {
            series.put(auth.networkTransactionId, key(card));
            acquirer.journal().write(SERIES, Map.of("id", auth.networkTransactionId, "card", key(card)));
        }
    }

    /** Why the issuer declines a merchant-initiated payment before deciding on funds, or empty when it takes it. */
    Optional<String> refusalOfMerchantInitiated(CardProfile card, Credential credential) {
        boolean exempt = credential.networkTransactionId() != null
                && key(card).equals(series.get(credential.networkTransactionId()));
        if (!exempt && card.testCard().authentication().demanded()) {
            return Optional.of("authentication_required");
        }
        if (card.testCard().asksAuthenticationOffSession()) {
            return Optional.of("authentication_required");
        }
        return Optional.empty();
    }

    /** A card the issuer reissued: its new number (the same if only the expiry changed) and expiry. */
    record Reissue(String number, int expMonth, int expYear) {
    }

    /**
     * Reissued cards by their old number, for the account updater's answers: in memory only, since the simulator's
     * state on disk never holds a card number. A reissue moves the card's series to its new number: a series survives
     * a reissue, as the networks keep it.
     */
    private final Map<String, Reissue> reissues = new ConcurrentHashMap<>();

    /** {@code {"number": "...", "new_number": "..." (optional), "exp_month": 1, "exp_year": 2031}}. */
    SimResponse reissue(Map<String, Object> request) {
        Optional<dev.payrail.core.cards.CardNumber> old = dev.payrail.core.cards.CardNumber.parse(String.valueOf(request.get("number")));
        Optional<dev.payrail.core.cards.CardNumber> renewed = request.get("new_number") == null ? old
                : dev.payrail.core.cards.CardNumber.parse(String.valueOf(request.get("new_number")));
        if (old.isEmpty() || renewed.isEmpty() || !(request.get("exp_month") instanceof Number month)
                || !(request.get("exp_year") instanceof Number year) || month.intValue() < 1 || month.intValue() > 12) {
            return SimResponse.error(400, "invalid_request", "reissue_invalid",
                    "send {\"number\": \"...\", \"new_number\": \"...\", \"exp_month\": N, \"exp_year\": N}");
        }
        reissues.put(old.get().digits(), new Reissue(renewed.get().digits(), month.intValue(), year.intValue()));
        String from = key(CardProfile.of(old.get()));
        String to = key(CardProfile.of(renewed.get()));
        series.replaceAll((id, card) -> card.equals(from) ? to : card);
        series.forEach((id, card) -> {
            if (card.equals(to)) {
                acquirer.journal().write(SERIES, Map.of("id", id, "card", to));
            }
        });
        return SimResponse.ok(Map.of("card", to, "exp_month", month.intValue(), "exp_year", year.intValue()));
    }

    /**
     * The account updater's answer to an inquiry ({@code {"cards": [{"reference", "number", "exp_month", "exp_year"}]}}):
     * an update for each card reissued since, with its new number when it changed; each reissue is told once.
     */
    SimResponse accountUpdates(Map<String, Object> request) {
        if (!(request.get("cards") instanceof java.util.List<?> cards) || cards.size() > 500) {
            return SimResponse.error(400, "invalid_request", "parameter_invalid", "cards is a list of at most 500 cards");
        }
        java.util.List<Map<String, Object>> updates = new java.util.ArrayList<>();
        for (Object item : cards) {
            if (!(item instanceof Map<?, ?> card) || !(card.get("number") instanceof String number)) {
                continue;
            }
            Reissue reissue = reissues.get(number);
            boolean changed = reissue != null && (!reissue.number().equals(number)
                    || !Integer.valueOf(reissue.expMonth()).equals(card.get("exp_month"))
                    || !Integer.valueOf(reissue.expYear()).equals(card.get("exp_year")));
            if (changed) {
                Map<String, Object> update = new LinkedHashMap<>();
                update.put("reference", card.get("reference"));
                update.put("reason", reissue.number().equals(number) ? "expiry_updated" : "number_updated");
                if (!reissue.number().equals(number)) {
                    update.put("number", reissue.number());
                }
                update.put("exp_month", reissue.expMonth());
                update.put("exp_year", reissue.expYear());
                updates.add(update);
            }
        }
        // told once, as a network's updater file is: a card asked about again later is not reissued again
        for (Object item : cards) {
            if (item instanceof Map<?, ?> card && card.get("number") instanceof String number && reissues.containsKey(number)) {
                reissues.remove(number);
            }
        }
        return SimResponse.ok(Map.of("object", "list", "data", updates));
    }

    /** The next answer the card's issuer was told to give (a decline code), if any: used once. */
    Optional<String> instructed(CardProfile card) {
        Deque<String> queue = instructions.get(key(card));
        if (queue == null) {
            return Optional.empty();
        }
        synchronized (queue) {
            return Optional.ofNullable(queue.pollFirst());
        }
    }

    /** {@code {"brand": "visa", "last4": "3220", "decline_code": "authentication_required", "times": 1}}. */
    SimResponse instruct(Map<String, Object> request) {
        if (!(request.get("last4") instanceof String last4) || !last4.matches("\\d{4}")
                || !(request.get("decline_code") instanceof String code) || !code.matches("[a-z_]{3,40}")) {
            return SimResponse.error(400, "invalid_request", "instruction_invalid",
                    "send {\"brand\": \"visa\", \"last4\": \"NNNN\", \"decline_code\": \"...\", \"times\": N}");
        }
        String brand = request.get("brand") instanceof String b ? b : "visa";
        int times = request.get("times") instanceof Number n ? Math.max(1, Math.min(100, n.intValue())) : 1;
        Deque<String> queue = instructions.computeIfAbsent(brand + ":" + last4, k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.addLast(code);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("card", brand + ":" + last4);
        json.put("decline_code", code);
        json.put("times", times);
        return SimResponse.ok(json);
    }

    private static String key(CardProfile card) {
        return card.brand() + ":" + card.last4();
    }
}
