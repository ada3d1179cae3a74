package dev.payrail.server.ledger;

import dev.payrail.server.database.RecentReads;
import dev.payrail.core.ledger.FeeSchedule;
import dev.payrail.server.PayrailProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Each merchant's fee schedule: its own if an operator set one, otherwise the configured default. */
@Repository
public class FeeSchedules {
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final FeeSchedule standard;

    FeeSchedules(JdbcClient jdbc, JsonMapper json, PayrailProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.standard = new FeeSchedule(properties.ledger().feeBasisPoints(), upperCased(properties.ledger().feeFixed()));
    }

    /** The schedule each merchant pays (its own, or the standard one), read at most {@link RecentReads#BOUND} ago. */
    private final RecentReads<String, FeeSchedule> recent = new RecentReads<>(10_000);

    public FeeSchedule of(String merchantId) {
        return recent.get(merchantId, id -> Optional.of(own(id).orElse(standard))).orElseThrow();
    }

    Optional<FeeSchedule> own(String merchantId) {
        return jdbc.sql("select basis_points, fixed::text from merchant_fee_schedules where merchant_id = ?")
                .param(merchantId)
                .query((rs, n) -> new FeeSchedule(rs.getLong(1),
                        json.readValue(rs.getString(2), new TypeReference<Map<String, Long>>() {
                        })))
                .optional();
    }

    FeeSchedule standard() {
        return standard;
    }

    void set(String merchantId, FeeSchedule schedule) {
        recent.forgetAllOnCommit();
        jdbc.sql("""
                insert into merchant_fee_schedules (merchant_id, basis_points, fixed) values (?, ?, ?::jsonb)
                on conflict (merchant_id) do update set basis_points = excluded.basis_points, fixed = excluded.fixed,
                                                        updated_at = now()""")
                .params(merchantId, schedule.basisPoints(), json.writeValueAsString(schedule.fixedByCurrency()))
                .update();
        recent.forgetAll();
    }

    static Map<String, Long> upperCased(Map<String, Long> byCurrency) {
        Map<String, Long> upper = new HashMap<>();
        byCurrency.forEach((currency, fixed) -> upper.put(currency.toUpperCase(Locale.ROOT), fixed));
        return upper;
    }
}
