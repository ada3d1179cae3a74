package dev.payrail.server.evidence;

import dev.payrail.server.api.CsvLines;
import dev.payrail.server.audit.AuditLog;
import dev.payrail.server.database.Migrations;
import dev.payrail.server.ledger.LedgerInvariants;
import dev.payrail.server.security.Operators;
import dev.payrail.server.vault.VaultKeys;
import org.flywaydb.core.api.MigrationInfo;
import org.springframework.stereotype.Service;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The audit evidence pack (docs/evidence.md): a zip of the control mapping and the files it points to, each read
 * from the live system when the pack is made, with a manifest that lists every file with its size and SHA-256. Never
 * a secret: keys are listed by id and prefix, configuration is redacted, no key material is read.
 */
@Service
public class EvidencePack {
    /** The files of a pack, in the order the manifest lists them, each with what it holds. */
    static final Map<String, String> FILES = filesInOrder();

    private static Map<String, String> filesInOrder() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("control-mapping.json", "each PCI DSS v4.0 requirement and SOC 2 criterion Payrail meets, how, and the evidence file");
        files.put("access-review.json", "every API key and operator with its permissions, state and last recorded use");
        files.put("audit-log.csv", "the audit log of the period");
        files.put("key-rotation.json", "the vault's key-encryption keys with their state and age, and what each wraps");
        files.put("configuration.json", "the configuration in force in the process that made the pack, secrets redacted");
        files.put("migrations.json", "every schema migration applied, with its checksum and when");
        files.put("releases.json", "every release that ran, and the process starts of the period");
        files.put("alert-rules.yml", "the Prometheus alert rules this release ships");
        files.put("slo.md", "the service level objectives and the alerts that guard them");
        files.put("ledger-check.json", "the ledger invariant check, run for this pack");
        return java.util.Collections.unmodifiableMap(files);
    }

    private final EvidenceStore store;
    private final AuditLog audit;
    private final Operators operators;
    private final VaultKeys vault;
    private final LedgerInvariants ledger;
    private final ConfigurationInForce configuration;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    EvidencePack(EvidenceStore store, AuditLog audit, Operators operators, VaultKeys vault, LedgerInvariants ledger,
                 ConfigurationInForce configuration, DataSource dataSource, JsonMapper json) {
        this.store = store;
        this.audit = audit;
        this.operators = operators;
        this.vault = vault;
        this.ledger = ledger;
        this.configuration = configuration;
        this.dataSource = dataSource;
        this.json = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    /**
     * Writes the pack of the period [from, until), made by {@code actor}, to {@code out}: each file as it is read, then
     * the manifest. The audit log, the one file that grows with the period, goes through a temporary file, never
     * whole in memory.
     */
    public void write(Instant from, Instant until, String actor, OutputStream out) throws IOException {
        Instant made = clock.instant();
        List<Map<String, Object>> listed = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, listed, "control-mapping.json", resource("evidence/controls.json"));
            put(zip, listed, "access-review.json", jsonBytes(accessReview()));
            putAuditLog(zip, listed, from, until);
            put(zip, listed, "key-rotation.json", jsonBytes(keyRotation(made)));
            put(zip, listed, "configuration.json", jsonBytes(Map.of("made_by_process", ProcessHandle.current().pid(),
                    "settings", configuration.settings())));
            put(zip, listed, "migrations.json", jsonBytes(migrations()));
            put(zip, listed, "releases.json", jsonBytes(Map.of("releases", store.releases(),
                    "starts_in_period", store.starts(from, until))));
            put(zip, listed, "alert-rules.yml", resource("evidence/shipped/alerts.yml"));
            put(zip, listed, "slo.md", resource("evidence/shipped/slo.md"));
            List<LedgerInvariants.Violation> violations = ledger.check();
            put(zip, listed, "ledger-check.json", jsonBytes(Map.of("checked_at", clock.instant().toString(),
                    "ok", violations.isEmpty(), "violations", violations.stream()
                            .map(v -> Map.of("rule", v.rule(), "subject", v.subject(), "detail", v.detail())).toList())));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("object", "evidence_pack");
            manifest.put("made_at", made.toString());
            manifest.put("made_by", actor);
            manifest.put("period", Map.of("from", from.toString(), "until", until.toString()));
            manifest.put("payrail_version", ReleaseRecorder.version());
            manifest.put("files", listed);
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(jsonBytes(manifest));
            zip.closeEntry();
        }
    }

    private void putAuditLog(ZipOutputStream zip, List<Map<String, Object>> listed, Instant from, Instant until)
            throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("payrail-audit-log", ".csv");
        try {
            try (PrintWriter csv = new PrintWriter(java.nio.file.Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                writeAuditLog(csv, from, until);
            }
            MessageDigest digest = sha256();
            zip.putNextEntry(new ZipEntry("audit-log.csv"));
            long bytes;
            try (InputStream in = new java.security.DigestInputStream(java.nio.file.Files.newInputStream(file), digest)) {
                bytes = in.transferTo(zip);
            }
            zip.closeEntry();
            listed.add(listing("audit-log.csv", bytes, HexFormat.of().formatHex(digest.digest())));
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    private Map<String, Object> accessReview() {
        // the last use an audit entry records: mutating calls, admin actions and key events (reads are not audited)
        Map<String, Instant> lastUse = audit.lastEntryByActor();
        List<Map<String, Object>> keys = new ArrayList<>();
        for (Map<String, Object> key : store.apiKeys()) {
            Map<String, Object> row = new LinkedHashMap<>(key);
            Instant used = lastUse.get("merchant:" + key.get("merchant_id") + "/" + key.get("id"));
            row.put("permissions", key.get("permissions") instanceof java.sql.Array array ? permissions(array) : key.get("permissions"));
            row.put("state", key.get("revoked_at") != null ? "revoked" : key.get("rolled_to") != null ? "rolled" : "active");
            row.put("last_recorded_use", used == null ? null : used.toString());
            keys.add(row);
        }
        List<Map<String, Object>> people = new ArrayList<>();
        operators.roster().forEach((name, role) -> {
            Instant used = lastUse.get("operator:" + name);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("operator", name);
            row.put("role", role);
            row.put("last_recorded_use", used == null ? null : used.toString());
            people.add(row);
        });
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("api_keys", keys);
        review.put("operators", people);
        review.put("note", "last_recorded_use is the newest audit entry of the credential (mutating calls, admin actions, "
                + "key events); reads are not audited. Secrets are stored as SHA-256 and never listed.");
        return review;
    }

    private static List<String> permissions(java.sql.Array array) {
        try {
            return List.of((String[]) array.getArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeAuditLog(PrintWriter out, Instant from, Instant until) {
        // the same columns and quoting as the audit log's own export (GET /v1/admin/audit_log/export)
        out.println(CsvLines.of(AuditLog.EXPORT_COLUMNS));
        audit.each(new AuditLog.Filter(null, null, null, from, until), e -> out.println(CsvLines.of(AuditLog.exportRow(e))));
    }

    private Map<String, Object> keyRotation(Instant now) {
        Map<String, Long> wraps = new LinkedHashMap<>();
        vault.status().forEach(k -> wraps.put(k.id(), k.records()));
        List<Map<String, Object>> keks = new ArrayList<>();
        for (Map<String, Object> kek : store.vaultKeys()) {
            Map<String, Object> row = new LinkedHashMap<>(kek);
            Object activated = kek.get("activated_at");
            row.put("wraps_records", wraps.getOrDefault((String) kek.get("id"), 0L));
            row.put("days_active", activated instanceof java.sql.Timestamp at && kek.get("retired_at") == null
                    ? java.time.Duration.between(at.toInstant(), now).toDays() : null);
            keks.add(row);
        }
        Map<String, Object> rotation = new LinkedHashMap<>();
        rotation.put("vault_key_encryption_keys", keks);
        rotation.put("note", "rotation: docs/runbooks/vault-key-rotation.md; the master key (PAYRAIL_CARD_KEY) is not "
                + "rotatable in place (docs/runbooks/key-rotation.md)");
        return rotation;
    }

    private List<Map<String, Object>> migrations() {
        List<Map<String, Object>> applied = new ArrayList<>();
        for (MigrationInfo m : Migrations.on(dataSource).info().applied()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", m.getVersion() == null ? null : m.getVersion().getVersion());
            row.put("description", m.getDescription());
            row.put("script", m.getScript());
            row.put("checksum", m.getChecksum());
            row.put("installed_on", m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant().toString());
            row.put("installed_by", m.getInstalledBy());
            row.put("state", m.getState().getDisplayName());
            applied.add(row);
        }
        return applied;
    }

    private byte[] jsonBytes(Object value) {
        return json.writeValueAsBytes(value);
    }

    private static byte[] resource(String path) {
        try (InputStream in = EvidencePack.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ZipOutputStream zip, List<Map<String, Object>> listed, String name, byte[] content)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
        listed.add(listing(name, content.length, sha256(content)));
    }

    private static Map<String, Object> listing(String name, long bytes, String sha256) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("bytes", bytes);
        entry.put("sha256", sha256);
        entry.put("holds", FILES.get(name));
        return entry;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }
}
