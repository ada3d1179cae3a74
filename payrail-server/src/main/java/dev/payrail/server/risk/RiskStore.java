package dev.payrail.server.risk;

import dev.payrail.core.risk.RiskList;
import dev.payrail.core.risk.RiskRule;
import dev.payrail.server.api.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A merchant's risk rule sets (versioned, replaced whole) and list entries: the risk package's tables. */
@Repository
public class RiskStore {
    /** A rule as saved: its text kept as written, with its place in the set. */
    public record StoredRule(String id, RiskRule.Action action, String condition, boolean logOnly) {
    }

    public record RuleSet(int version, Instant created, List<StoredRule> rules) {
    }

    public record ListEntry(String id, RiskList.Kind kind, RiskList.Type type, String value, String description, Instant created) {
        public RiskList.Entry entry() {
            return new RiskList.Entry(id, kind, type, value);
        }
    }

    private final JdbcClient jdbc;

    RiskStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The merchant's rule set of {@code version}, or its latest (empty: it never saved one). */
    public Optional<RuleSet> rules(String merchantId, Optional<Integer> version) {
        Optional<Object[]> set = jdbc.sql("""
                        select version, created_at from risk_rule_sets where merchant_id = ?
                        and (? :: int is null or version = ?) order by version desc limit 1""")
                .params(merchantId, version.orElse(null), version.orElse(null))
                .query((rs, n) -> new Object[]{rs.getInt(1), rs.getTimestamp(2).toInstant()}).optional();
        return set.map(found -> new RuleSet((Integer) found[0], (Instant) found[1], jdbc.sql("""
                        select rule_id, action, condition, log_only from risk_rules where merchant_id = ? and version = ?
                        order by position""")
                .params(merchantId, found[0])
                .query((rs, n) -> new StoredRule(rs.getString(1), RiskRule.Action.fromWireName(rs.getString(2)),
                        rs.getString(3), rs.getBoolean(4))).list()));
    }

    /**
     * Saves {@code rules} as the merchant's next version, in one transaction; two saves at once cannot take the same
     * version (the key refuses the second, which the caller answers as a conflict).
     */
    @Transactional
    public int replaceRules(String merchantId, List<StoredRule> rules) {
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from risk_rule_sets where merchant_id = ?")
                .param(merchantId).query(Integer.class).single();
        jdbc.sql("insert into risk_rule_sets (merchant_id, version) values (?, ?)").params(merchantId, version).update();
        for (int i = 0; i < rules.size(); i++) {
            StoredRule rule = rules.get(i);
            jdbc.sql("""
                            insert into risk_rules (merchant_id, version, position, rule_id, action, condition, log_only)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(merchantId, version, i, rule.id(), rule.action().wireName(), rule.condition(), rule.logOnly()).update();
        }
        return version;
    }

    /** Adds an entry, or answers the one already listed with the same kind, type and value. */
    public ListEntry addToList(String merchantId, RiskList.Kind kind, RiskList.Type type, String value, String description) {
        String id = Ids.newId("rle");
        jdbc.sql("""
                        insert into risk_list_entries (id, merchant_id, kind, type, value, description) values (?, ?, ?, ?, ?, ?)
                        on conflict (merchant_id, kind, type, value) where deleted_at is null do nothing""")
                .params(id, merchantId, name(kind), type.wireName(), value, description).update();
        return jdbc.sql(SELECT_ENTRY + " and kind = ? and type = ? and value = ? and deleted_at is null")
                .params(merchantId, name(kind), type.wireName(), value).query(RiskStore::entry).single();
    }

    public List<ListEntry> list(String merchantId, Optional<RiskList.Kind> kind, int limit) {
        return jdbc.sql(SELECT_ENTRY + " and deleted_at is null and (? :: text is null or kind = ?) order by created_at desc, id desc limit ?")
                .params(merchantId, kind.map(RiskStore::name).orElse(null), kind.map(RiskStore::name).orElse(null), limit)
                .query(RiskStore::entry).list();
    }

    /** Removes the merchant's entry {@code id} from its list; false where it has none such (or removed it already). */
    public boolean removeFromList(String merchantId, String id) {
        return jdbc.sql("update risk_list_entries set deleted_at = ? where id = ? and merchant_id = ? and deleted_at is null")
                .params(Timestamp.from(Instant.now()), id, merchantId).update() == 1;
    }

    private static final String SELECT_ENTRY = "select id, kind, type, value, description, created_at from risk_list_entries "
            + "where merchant_id = ?";

    private static ListEntry entry(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new ListEntry(rs.getString("id"), RiskList.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                RiskList.Type.valueOf(rs.getString("type").toUpperCase(Locale.ROOT)), rs.getString("value"),
                rs.getString("description"), rs.getTimestamp("created_at").toInstant());
    }

    private static String name(RiskList.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
