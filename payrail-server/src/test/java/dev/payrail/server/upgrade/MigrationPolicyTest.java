package dev.payrail.server.upgrade;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/upgrades.md's migration policy, enforced: no migration from the policy's first on holds a statement that could
 * break the release before it, or lock a large table for a rewrite or a scan, without the reviewed marker above it.
 * The migrations before it shipped before the policy was written (V19 dropped a column the release before still
 * wrote, V22 dropped indexes): they ran everywhere already and Flyway's checksums keep them as they are.
 */
class MigrationPolicyTest {
    /** The first migration the policy applies to. */
    private static final int POLICY_SINCE = 39;
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void no_migration_since_the_policy_holds_an_unreviewed_destructive_or_locking_statement() throws IOException {
        List<MigrationLint.Finding> findings = new ArrayList<>();
        int linted = 0;
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.sorted().toList()) {
                Matcher version = VERSION.matcher(file.getFileName().toString());
                assertThat(version.matches()).as("%s is named as Flyway reads it", file).isTrue();
                if (Integer.parseInt(version.group(1)) >= POLICY_SINCE) {
                    findings.addAll(MigrationLint.lint(file.getFileName().toString(), Files.readString(file)));
                    linted++;
                }
            }
        }
        assertThat(linted).isPositive();
        assertThat(findings).as("see docs/upgrades.md: expand now, contract in the next release, or mark it reviewed").isEmpty();
    }

    @Test
    void the_large_table_tests_expand_steps_keep_the_policy() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/db/large-table-test"))) {
            List<Path> steps = files.sorted().toList();
            assertThat(steps).hasSize(3);
            for (Path step : steps) {
                assertThat(MigrationLint.lint(step.getFileName().toString(), Files.readString(step))).as(step.toString()).isEmpty();
            }
        }
    }

    @Test
    void the_lint_flags_what_earlier_migrations_did_before_the_policy() throws IOException {
        assertThat(MigrationLint.lint("V19", Files.readString(MIGRATIONS.resolve("V19__command_pipeline.sql"))))
                .extracting(MigrationLint.Finding::rule).anyMatch(rule -> rule.startsWith("drops a column"));
        assertThat(MigrationLint.lint("V22", Files.readString(MIGRATIONS.resolve("V22__cheaper_rows.sql"))))
                .extracting(MigrationLint.Finding::rule).anyMatch(rule -> rule.startsWith("drops a constraint or index"));
        assertThat(MigrationLint.lint("V18", Files.readString(MIGRATIONS.resolve("V18__delivery_rounds.sql"))))
                .extracting(MigrationLint.Finding::rule).anyMatch(rule -> rule.startsWith("changes a column's type"));
    }

    @Test
    void each_rule_flags_its_statement_and_passes_the_safe_form() {
        String existing = "-- on a table an earlier migration made\n";
        assertFlagged(existing + "drop table refunds;", "drops a table");
        assertFlagged("drop view disputes_payments;", "drops a view");
        assertFlagged("alter table payments drop column note;", "drops a column");
        assertFlagged("alter table payments drop note;", "drops a column");
        assertFlagged("alter table payments rename column note to memo;", "renames");
        assertFlagged("alter table payments rename to charges;", "renames");
        assertFlagged("alter table payments drop constraint payments_status_check;", "drops a constraint or index");
        assertFlagged("drop index payments_by_reference;", "drops a constraint or index");
        assertFlagged("alter table payments alter column amount type numeric;", "changes a column's type");
        assertFlagged("alter table payments alter column note set not null;", "makes a column NOT NULL");
        assertFlagged("alter table payments add column channel text not null;", "adds a NOT NULL column without a default");
        assertFlagged("delete from payments where true;", "deletes or truncates");
        assertFlagged("update payments set channel = 'web';", "updates existing rows");
        assertFlagged("create index payments_by_channel on payments (channel);", "builds an index under a lock");
        assertFlagged("alter table payments add constraint amount_positive check (amount > 0);", "adds a constraint that scans");
        assertFlagged("alter table refunds add foreign key (payment_id) references payments (id);", "adds a constraint that scans");

        // the expand forms: none flagged
        assertThat(MigrationLint.lint("safe", """
                alter table payments add column channel text not null default 'api';
                alter table payments add column note text;
                alter table payments alter column note drop not null;
                alter table payments alter column channel drop default;
                create index concurrently payments_by_channel on payments (channel);
                alter table payments add constraint amount_positive check (amount > 0) not valid;
                alter table payments validate constraint amount_positive;
                create table payment_notes (id text primary key, body text not null);
                create index payment_notes_by_body on payment_notes (body);
                alter table payment_notes add column author text not null;
                update payment_notes set author = 'x';
                insert into payment_notes (id, body, author) values ('a', 'drop table payments; update payments', 'b');
                create function f() returns trigger language plpgsql as $$ begin delete from payments; return null; end $$;
                """)).isEmpty();
    }

    @Test
    void the_reviewed_marker_lets_a_statement_through_only_with_a_reason() {
        assertThat(MigrationLint.lint("marked", """
                -- the release before no longer reads this table (dropped from its code in V40)
                -- payrail:reviewed contract step of V40's expand: nothing reads payment_notes since release 2026-12-03
                drop table payment_notes;
                """)).isEmpty();
        assertThat(MigrationLint.lint("bare", """
                -- payrail:reviewed
                drop table payment_notes;
                """)).hasSize(1);
        // a marker applies to the statement right below it, not to the next one
        List<MigrationLint.Finding> next = MigrationLint.lint("next", """
                -- payrail:reviewed the previous release never wrote this column
                alter table payments drop column scratch;
                alter table payments drop column note;
                """);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).line()).isEqualTo(3);
    }

    private static void assertFlagged(String sql, String rule) {
        assertThat(MigrationLint.lint("sample", sql)).as(sql).extracting(MigrationLint.Finding::rule)
                .anyMatch(flagged -> flagged.startsWith(rule));
    }
}
