package dev.payrail.server.ledger;

import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental ledger check (LedgerCheckpoints): a run checks the lines written since the last checkpoint and no
 * more; a balance changed without a line is still found; a line whose transaction commits after a later one is counted
 * once when it commits, and one whose transaction rolls back is given up. Lines a test writes by hand are booked on an
 * account type of its own, so no merchant's funds are touched.
 */
class LedgerCheckpointsTest extends ApiTest {
    @Autowired
    LedgerInvariants invariants;

    @Autowired
    DataSource dataSource;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    private long ourLines(String paymentId) {
        return jdbc.sql("select count(*) from journal_lines l join journal_entries e on e.id = l.entry_id where e.source_id = ?")
                .param(paymentId).query(Long.class).single();
    }

    @Test
    void a_run_checks_what_was_written_since_the_last_one() {
        LedgerCheckpoints.Run first = invariants.checkSinceLastCheckpoint();
        assertThat(first.violations()).isEmpty();
        String paid = api.post("/v1/payments", payment(2500, "usd", "automatic", VISA)).text("id");
        long written = ourLines(paid);
        assertThat(written).as("the capture's lines").isGreaterThanOrEqualTo(2);

        LedgerCheckpoints.Run second = invariants.checkSinceLastCheckpoint();
        assertThat(second.from()).as("it starts where the last run stopped").isEqualTo(first.through());
        assertThat(second.lines()).isGreaterThanOrEqualTo(written);
        assertThat(second.violations()).isEmpty();
        assertThat(jdbc.sql("select count(*) from ledger_checkpoints where scanned_from = ? and scanned_through = ?")
                .params(second.from(), second.through()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select sum(total) from ledger_checked_totals").query(Long.class).single())
                .as("every checked line is in the kept totals, debits and credits cancelling").isZero();
    }

    @Test
    void a_balance_changed_without_a_line_is_found_by_the_next_run() {
        api.post("/v1/payments", payment(1800, "usd", "automatic", VISA));
        invariants.checkSinceLastCheckpoint();
        String account = "update account_balances set debit_minus_credit = debit_minus_credit %s 1 where account_owner = ? "
                + "and account_type = 'merchant_pending'";
        jdbc.sql(account.formatted("-")).param(merchantId).update();
        try {
            LedgerCheckpoints.Run run = invariants.checkSinceLastCheckpoint();
            assertThat(run.violations()).anySatisfy(v -> {
                assertThat(v.rule()).isEqualTo("account_equals_lines");
                assertThat(v.subject()).startsWith(merchantId + "/merchant_pending/");
            });
        } finally {
            jdbc.sql(account.formatted("+")).param(merchantId).update();
        }
        assertThat(invariants.checkSinceLastCheckpoint().violations()).isEmpty();
    }

    @Test
    void an_entry_that_moves_a_payments_funds_without_its_state_is_found_by_the_next_run() {
        invariants.checkSinceLastCheckpoint();
        String paid = api.post("/v1/payments", payment(3100, "usd", "automatic", VISA)).text("id");
        String refunded = api.post("/v1/payments", payment(4200, "usd", "automatic", VISA)).text("id");
        api.post("/v1/refunds", "{\"payment\": \"" + refunded + "\", \"amount\": 1200}");
        LedgerCheckpoints.Run clean = invariants.checkSinceLastCheckpoint();
        assertThat(clean.violations()).isEmpty();
        assertThat(clean.fundsChecked()).as("the two payments the new entries are about").isGreaterThanOrEqualTo(2);

        // a bug's posting: the merchant's funds move 100 for the payment, but no return is recorded on it
        misbook(paid, "debit_returned", "merchant_available", "debit");
        LedgerCheckpoints.Run run = invariants.checkSinceLastCheckpoint();
        assertThat(run.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("payment_funds");
            assertThat(v.subject()).isEqualTo(paid);
            assertThat(v.detail()).contains("captured 3100", "refunded 0", "returned 0");
        });
        // its reversal puts the payment's identity right again (the journal is append-only: nothing is taken back)
        misbook(paid, "debit_return_reversed", "merchant_available", "credit");
        assertThat(invariants.checkSinceLastCheckpoint().violations()).isEmpty();
        assertThat(invariants.check()).as("the full audit agrees").isEmpty();
    }

    /** An entry of 100 USD about {@code paymentId}, its lines and its balances, as a posting bug would write them. */
    private void misbook(String paymentId, String event, String merchantAccount, String merchantSide) {
        new org.springframework.transaction.support.TransactionTemplate(transactionManager).executeWithoutResult(tx ->
                misbookInTransaction(paymentId, event, merchantAccount, merchantSide));
    }

    private void misbookInTransaction(String paymentId, String event, String merchantAccount, String merchantSide) {
        String entry = "je_test" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        String otherSide = merchantSide.equals("debit") ? "credit" : "debit";
        jdbc.sql("""
                        insert into journal_entries (id, merchant_id, event, currency, source_type, source_id, gross, fee)
                        values (?, ?, ?, 'USD', 'payment', ?, 100, 0)""")
                .params(entry, merchantId, event, paymentId).update();
        jdbc.sql("""
                        insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount)
                        values (?, ?, ?, 'USD', ?, 100), (?, 'provider_receivable', 'simulator', 'USD', ?, 100)""")
                .params(entry, merchantAccount, merchantId, merchantSide, entry, otherSide).update();
        long signed = merchantSide.equals("debit") ? 100 : -100;
        String balance = """
                insert into account_balances (account_type, account_owner, currency, bucket, debit_minus_credit)
                values (?, ?, 'USD', 0, ?) on conflict (account_owner, account_type, currency, bucket)
                do update set debit_minus_credit = account_balances.debit_minus_credit + excluded.debit_minus_credit""";
        jdbc.sql(balance).params(merchantAccount, merchantId, signed).update();
        jdbc.sql(balance).params("provider_receivable", "simulator", -signed).update();
    }

    @Test
    void a_line_committed_late_is_counted_once_and_one_rolled_back_is_given_up() throws Exception {
        invariants.checkSinceLastCheckpoint();
        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            book(held, 700);                                  // its line ids are handed out now, committed later
            String later = api.post("/v1/payments", payment(900, "usd", "automatic", VISA)).text("id");
            assertThat(ourLines(later)).isPositive();

            LedgerCheckpoints.Run whileHeld = invariants.checkSinceLastCheckpoint();
            assertThat(whileHeld.gapsOpen()).as("the held transaction's lines are a gap").isGreaterThanOrEqualTo(2);
            assertThat(whileHeld.violations()).isEmpty();
            held.commit();
        }
        LedgerCheckpoints.Run afterCommit = invariants.checkSinceLastCheckpoint();
        assertThat(afterCommit.lines()).as("the late lines, counted now").isGreaterThanOrEqualTo(2);
        assertThat(afterCommit.gapsOpen()).isZero();
        assertThat(afterCommit.violations()).isEmpty();
        assertThat(jdbc.sql("select sum(total) from ledger_checked_totals").query(Long.class).single()).isZero();

        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            book(held, 300);
            LedgerCheckpoints.Run whileHeld = invariants.checkSinceLastCheckpoint();
            assertThat(whileHeld.gapsOpen()).isGreaterThanOrEqualTo(2);
            held.rollback();
        }
        invariants.checkSinceLastCheckpoint();     // the rolled-back ids are still gaps, their horizon not yet passed
        LedgerCheckpoints.Run afterRollback = invariants.checkSinceLastCheckpoint();
        assertThat(afterRollback.gapsOpen()).as("given up once every transaction below its horizon ended").isZero();
        assertThat(afterRollback.violations()).isEmpty();
        assertThat(invariants.check()).as("the full audit agrees").noneMatch(v -> v.subject().contains("test_gap"));
    }

    /** An entry of two lines on this test's own accounts, and their balances, in the caller's transaction. */
    private static void book(Connection connection, long amount) throws Exception {
        String owner = "test_gap_" + UUID.randomUUID();
        String entry = "je_gap" + UUID.randomUUID().toString().replace("-", "");
        try (PreparedStatement insert = connection.prepareStatement("insert into journal_entries (id, event, currency, "
                + "source_type, source_id, gross, fee) values (?, 'test_gap', 'USD', 'test', ?, ?, 0)")) {
            insert.setString(1, entry);
            insert.setString(2, owner);
            insert.setLong(3, amount);
            insert.executeUpdate();
        }
        // both lines in one statement: the journal's trigger checks each statement's entries balance
        try (PreparedStatement lines = connection.prepareStatement("insert into journal_lines (entry_id, account_type, "
                + "account_owner, currency, side, amount) values (?, 'test_gap', ?, 'USD', 'debit', ?), "
                + "(?, 'test_gap', ?, 'USD', 'credit', ?)")) {
            lines.setString(1, entry);
            lines.setString(2, owner + "_debit");
            lines.setLong(3, amount);
            lines.setString(4, entry);
            lines.setString(5, owner + "_credit");
            lines.setLong(6, amount);
            lines.executeUpdate();
        }
        for (String side : new String[]{"debit", "credit"}) {
            try (PreparedStatement balance = connection.prepareStatement("insert into account_balances (account_type, "
                    + "account_owner, currency, debit_minus_credit) values ('test_gap', ?, 'USD', ?)")) {
                balance.setString(1, owner + "_" + side);
                balance.setLong(2, side.equals("debit") ? amount : -amount);
                balance.executeUpdate();
            }
        }
    }
}
