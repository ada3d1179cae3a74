package dev.payrail.server.routing;

import dev.payrail.server.database.RecentReads;
import dev.payrail.core.routing.RoutingRule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Routing rules and provider switches in PostgreSQL, so that every instance routes alike after a change. */
@Repository
public class RoutingStore {
    private final JdbcClient jdbc;
    private final JsonMapper json;

    RoutingStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The rules and the switched-off providers, read at most {@link RecentReads#BOUND} ago. */
    private final RecentReads<String, List<RoutingRule>> recentRules = new RecentReads<>(1);
    private final RecentReads<String, Set<String>> recentSwitches = new RecentReads<>(1);

    public List<RoutingRule> rules() {
        return recentRules.get("rules", k -> Optional.of(readRules())).orElseThrow();
    }

    private List<RoutingRule> readRules() {
        return jdbc.sql("select id, priority, conditions, targets, retry_soft_declines from routing_rules order by priority, id")
                .query((rs, n) -> fromRow(rs.getString("id"), rs.getInt("priority"), rs.getString("conditions"),
                        rs.getString("targets"), rs.getBoolean("retry_soft_declines")))
                .list();
    }

    /** Replaces every rule at once: a reader sees the old set or the new one, never a mix. */
    @Transactional
    public void replaceRules(List<RoutingRule> rules) {
        recentRules.forgetAllOnCommit();
        jdbc.sql("delete from routing_rules").update();
        for (RoutingRule rule : rules) {
            Map<String, Object> conditions = new LinkedHashMap<>();
            conditions.put("currencies", rule.currencies());
            conditions.put("brands", rule.brands());
            conditions.put("countries", rule.countries());
            conditions.put("merchants", rule.merchants());
            conditions.put("min_amount", rule.minAmount());
            conditions.put("max_amount", rule.maxAmount());
            List<Map<String, Object>> targets = rule.targets().stream()
                    .map(t -> Map.<String, Object>of("provider", t.provider(), "weight", t.weight())).toList();
            jdbc.sql("""
                    insert into routing_rules (id, priority, conditions, targets, retry_soft_declines)
                    values (?, ?, ?::jsonb, ?::jsonb, ?)""")
                    .params(rule.id(), rule.priority(), json.writeValueAsString(conditions), json.writeValueAsString(targets),
                            rule.retrySoftDeclines())
                    .update();
        }
    }

    public Set<String> disabledProviders() {
        return recentSwitches.get("switches", k -> Optional.of(readDisabledProviders())).orElseThrow();
    }

    private Set<String> readDisabledProviders() {
        return Set.copyOf(jdbc.sql("select provider from provider_switches where not enabled").query(String.class).list());
    }

    public void setEnabled(String provider, boolean enabled, String reason) {
        recentSwitches.forgetAllOnCommit();
        jdbc.sql("""
                insert into provider_switches (provider, enabled, reason, updated_at) values (?, ?, ?, now())
                on conflict (provider) do update set enabled = excluded.enabled, reason = excluded.reason, updated_at = now()""")
                .params(provider, enabled, reason)
                .update();
        recentSwitches.forgetAll();
    }

    private RoutingRule fromRow(String id, int priority, String conditionsJson, String targetsJson, boolean retrySoft) {
        Map<String, Object> c = json.readValue(conditionsJson, new TypeReference<Map<String, Object>>() {
        });
        List<Map<String, Object>> t = json.readValue(targetsJson, new TypeReference<List<Map<String, Object>>>() {
        });
        return new RoutingRule(id, priority, strings(c.get("currencies")), strings(c.get("brands")),
                strings(c.get("countries")), strings(c.get("merchants")), number(c.get("min_amount")),
                number(c.get("max_amount")),
                t.stream().map(x -> new RoutingRule.Target((String) x.get("provider"), ((Number) x.get("weight")).intValue())).toList(),
                retrySoft);
    }

    private static Set<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).collect(Collectors.toSet()) : Set.of();
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
