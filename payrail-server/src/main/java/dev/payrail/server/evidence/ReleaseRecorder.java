package dev.payrail.server.evidence;

import dev.payrail.server.database.Migrations;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.net.InetAddress;

/**
 * Records each process start with its release and the schema it found: the evidence pack's "releases run". A failure
 * to record is logged and does not stop the process.
 */
@Component
class ReleaseRecorder {
    private static final Logger log = LoggerFactory.getLogger(ReleaseRecorder.class);

    private final EvidenceStore store;
    private final DataSource dataSource;

    ReleaseRecorder(EvidenceStore store, DataSource dataSource) {
        this.store = store;
        this.dataSource = dataSource;
    }

    /** This build's version: the jar's Implementation-Version, or "development" when run from classes. */
    static String version() {
        String version = ReleaseRecorder.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recordStart() {
        try {
            MigrationInfo current = Migrations.on(dataSource).info().current();
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException unknown) {
                host = null;
            }
            store.recordStart(version(), current == null ? null : current.getVersion().getVersion(), host,
                    ProcessHandle.current().pid());
        } catch (RuntimeException e) {
            log.warn("could not record this process's start for the evidence pack: {}", e.toString());
        }
    }
}
