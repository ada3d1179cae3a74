package dev.payrail.server.upgrade;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The migration policy of docs/upgrades.md as a lint: each statement of a migration that could break the release
 * before it while both run (a rolling deploy), or lock a large table for the length of a rewrite or a scan, is flagged
 * unless the comment just before it carries the reviewed marker {@code -- payrail:reviewed <why>}. Statements are
 * split as PostgreSQL reads them: strings, quoted names, dollar-quoted bodies and comments are not split inside.
 */
final class MigrationLint {
    /** The marker a reviewer puts just above a statement the lint would flag, with the reason it is safe. */
    static final String MARKER = "payrail:reviewed";

    /** One flagged statement: where it starts, what it says, and why it is flagged. */
    record Finding(String file, int line, String statement, String rule) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + rule + ": " + (statement.length() > 120 ? statement.substring(0, 120) + "…" : statement);
        }
    }

    /** A statement as read: its text (comments out, whitespace folded), its first line, the comment just above it. */
    record Statement(String text, int line, String commentAbove) {
    }

    private record Rule(String name, Pattern pattern, boolean onlyOnExistingTables) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("drops a table the previous release may read or write", p("^drop table"), false),
            new Rule("drops a view the previous release may read", p("^drop (materialized )?view"), false),
            new Rule("drops a column the previous release may read or write", p("^alter table .* drop (column )?(?!constraint|default|not null)(if exists )?\\w+"), false),
            new Rule("renames what the previous release names", p("^alter (table|index|view|sequence) .* rename "), false),
            new Rule("drops a constraint or index the previous release may rely on (ON CONFLICT, uniqueness)", p("^alter table .* drop constraint|^drop index"), false),
            new Rule("changes a column's type (a rewrite under an exclusive lock; the previous release writes the old type)", p("^alter table .* alter (column )?\\w+ (set data )?type "), false),
            new Rule("makes a column NOT NULL that the previous release may leave empty", p("^alter table .* alter (column )?\\w+ set not null"), false),
            new Rule("adds a NOT NULL column without a default (the previous release's inserts fail)", p("^alter table .* add (column )?(if not exists )?(?![^,]*\\bdefault\\b)(?!constraint )\\w+ [^,]*\\bnot null\\b"), true),
            new Rule("deletes or truncates data in a migration", p("^(delete from|truncate) "), false),
            new Rule("updates existing rows in the migration (backfill in batches outside it)", p("^update "), true),
            new Rule("builds an index under a lock that stops writes (create it concurrently)", p("^create (unique )?index (?!concurrently)"), true),
            new Rule("adds a constraint that scans the table under a lock (add it NOT VALID, validate later)", p("^alter table .* add (constraint \\w+ )?(foreign key|check|unique(?! using index)|primary key(?! using index))(?!.*\\bnot valid\\b)"), true));

    private static final Pattern CREATED = p("^create table (if not exists )?(\\w+)");
    private static final Pattern TABLE_OF = p("^(?:alter table (?:only )?(?:if exists )?|update (?:only )?|create (?:unique )?index (?:concurrently )?(?:if not exists )?\\w* ?on (?:only )?)(\\w+)");

    private static Pattern p(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    private MigrationLint() {
    }

    /** The findings of one migration file's text: none when it keeps the policy. */
    static List<Finding> lint(String file, String sql) {
        List<Finding> findings = new ArrayList<>();
        Set<String> createdHere = new HashSet<>();
        for (Statement statement : statements(sql)) {
            var created = CREATED.matcher(statement.text());
            if (created.find()) {
                createdHere.add(created.group(2).toLowerCase(Locale.ROOT));
            }
            Optional<String> table = tableOf(statement.text());
            for (Rule rule : RULES) {
                if (!rule.pattern().matcher(statement.text()).find()) {
                    continue;
                }
                if (rule.onlyOnExistingTables() && table.map(createdHere::contains).orElse(false)) {
                    continue;       // a table made in this migration has no rows and no reader yet
                }
                if (reviewed(statement.commentAbove())) {
                    continue;
                }
                findings.add(new Finding(file, statement.line(), statement.text(), rule.name()));
            }
        }
        return findings;
    }

    private static Optional<String> tableOf(String text) {
        var matcher = TABLE_OF.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** The marker with a reason of some words: a bare marker is not a review. */
    private static boolean reviewed(String comment) {
        int at = comment.indexOf(MARKER);
        return at >= 0 && comment.substring(at + MARKER.length()).strip().length() >= 10;
    }

    /** The statements of {@code sql}, each with the comment lines directly above it. */
    static List<Statement> statements(String sql) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder comment = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                if (text.toString().isBlank()) {
                    comment.append(sql, i + 2, end).append('\n');
                }
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
                line += count(sql, i, end, '\n');
                i = end;
                continue;
            }
            if (c == ';') {
                if (!text.toString().isBlank()) {
                    statements.add(new Statement(fold(text), startLine, comment.toString()));
                }
                text.setLength(0);
                comment.setLength(0);
                startLine = -1;
                i++;
                continue;
            }
            int end = i + 1;
            if (c == '\'' || c == '"') {
                end = closing(sql, i, String.valueOf(c));
            } else if (c == '$') {
                var tag = Pattern.compile("^\\$[A-Za-z_]*\\$").matcher(sql.substring(i, Math.min(sql.length(), i + 64)));
                if (tag.find()) {
                    end = closing(sql, i, tag.group());
                }
            }
            if (startLine < 0 && !Character.isWhitespace(c)) {
                startLine = line;
            }
            text.append(sql, i, end);
            line += count(sql, i + 1, end, '\n');
            i = end;
        }
        if (!text.toString().isBlank()) {
            statements.add(new Statement(fold(text), startLine, comment.toString()));
        }
        return statements;
    }

    /** The index after the closing {@code quote} of the literal opened at {@code from}. */
    private static int closing(String sql, int from, String quote) {
        int end = sql.indexOf(quote, from + quote.length());
        return end < 0 ? sql.length() : end + quote.length();
    }

    private static int count(String sql, int from, int to, char wanted) {
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(sql.length(), to); i++) {
            if (sql.charAt(i) == wanted) {
                n++;
            }
        }
        return n;
    }

    private static String fold(CharSequence text) {
        return text.toString().strip().replaceAll("\\s+", " ");
    }
}
