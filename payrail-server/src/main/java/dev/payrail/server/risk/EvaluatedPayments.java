package dev.payrail.server.risk;

import dev.payrail.core.risk.RiskFacts;

import java.time.Instant;
import java.util.List;

/**
 * The payments a merchant's rules were evaluated on, newest first, with the facts the rules read then: what a backtest
 * replays a candidate rule set against. Implemented by the payments package, which owns the payments (the risk
 * package reads no table of another's).
 */
public interface EvaluatedPayments {
    /** One evaluated payment: what was decided then ({@code action}) and what became of it ({@code status}). */
    record Evaluated(String paymentId, Instant created, RiskFacts facts, String action, String status) {
    }

    List<Evaluated> recent(String merchantId, int limit);
}
