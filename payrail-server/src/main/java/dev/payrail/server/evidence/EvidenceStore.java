package dev.payrail.server.evidence;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The only SQL of the evidence package: its own {@code process_starts} and the {@code evidence_*} views. */
@Repository
class EvidenceStore {
    private final JdbcClient jdbc;

    EvidenceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void recordStart(String version, String schemaVersion, String host, long pid) {
        jdbc.sql("insert into process_starts (version, schema_version, host, pid) values (?, ?, ?, ?)")
                .params(version, schemaVersion, host, pid).update();
    }

    /** Each release that ran, with its first and last start and how many processes started it. */
    List<Map<String, Object>> releases() {
        return jdbc.sql("""
                        select version, min(schema_version) as schema_version, min(started_at) as first_started,
                               max(started_at) as last_started, count(*) as starts
                        from process_starts group by version order by min(started_at)""")
                .query().listOfRows();
    }

    List<Map<String, Object>> starts(Instant from, Instant until) {
        return jdbc.sql("select started_at, version, schema_version, host, pid from process_starts "
                        + "where started_at >= ? and started_at < ? order by id")
                .params(Timestamp.from(from), Timestamp.from(until)).query().listOfRows();
    }

    List<Map<String, Object>> apiKeys() {
        return jdbc.sql("""
                        select k.id, k.merchant_id, m.name as merchant_name, k.key_prefix, k.kind, k.mode, k.permissions,
                               k.name, k.created_at, k.expires_at, k.revoked_at, k.rolled_to
                        from evidence_api_keys k join evidence_merchants m on m.id = k.merchant_id
                        order by k.merchant_id, k.created_at, k.id""")
                .query().listOfRows();
    }

    List<Map<String, Object>> vaultKeys() {
        return jdbc.sql("select id, state, created_at, activated_at, retired_at from evidence_vault_keks order by created_at, id")
                .query().listOfRows();
    }
}
