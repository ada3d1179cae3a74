package dev.payrail.server.payments;

import dev.payrail.server.support.PayrailProcess;
import dev.payrail.sim.ProviderSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A test that runs Payrail as a child process on a database and a simulator of its own, all three stopped
 * after each test with the processes' logs kept in target/crash-test-logs.
 */
abstract class ChildProcessTest {

    @TempDir
    Path data;

    EmbeddedPostgres database;
    ProviderSimulator provider;
    PayrailProcess payrail;

    @AfterEach
    void stopEverything() throws Exception {
        PaymentsUnderFaults.stopAndKeepLogs(data, payrail, provider, database);
    }
}
