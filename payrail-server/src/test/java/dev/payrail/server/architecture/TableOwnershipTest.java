package dev.payrail.server.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner per table. The migrations say which package owns each table ({@code comment on table t is 'owner:
 * payments'}) and which package each view is for ({@code comment on view v is 'reader: console'}); the SQL of
 * every source file of payrail-server may name a table only if its package owns it, and a view only if its
 * package is the view's reader. Everything else goes through the owner's methods.
 */
class TableOwnershipTest {
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path SOURCES = Path.of("src/main/java/dev/payrail/server");
    private static final Pattern VERSION = Pattern.compile("^V(\\d+)__");
    private static final Pattern CREATE = Pattern.compile("(?i)create table (?:if not exists )?(\\w+)");
    private static final Pattern DROP = Pattern.compile("(?i)drop table (?:if exists )?(\\w+)");
    private static final Pattern OWNER = Pattern.compile("comment on table (\\w+) is 'owner: (\\w+)'");
    private static final Pattern READER = Pattern.compile("comment on view (\\w+) is 'reader: (\\w+)'");

    /** The schema as the migrations leave it: each table's owner and each view's reader (null: none said). */
    record Schema(Map<String, String> tableOwners, Map<String, String> viewReaders) {
    }

    @Test
    void every_table_has_an_owner_and_only_its_owner_names_it() throws IOException {
        Schema schema = schema();
        assertThat(schema.tableOwners()).as("tables the migrations leave").hasSizeGreaterThan(30);
        assertThat(schema.tableOwners().entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey))
                .as("tables without an owner comment").isEmpty();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                violations.addAll(violations(schema, packageOf(file), file.getFileName().toString(), Files.readString(file)));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void a_package_naming_another_package_s_table_is_caught() throws IOException {
        Schema schema = schema();
        String console = """
                /** Reads from payments, in a comment: not SQL, not counted. */
                class Planted {
                    String ok = "select id from console_payments where id = ?";
                    String wrong = "select id from refunds r join payments p on p.id = r.payment_id";
                    String notForMe = "select id from ops_payments";
                    String write = "update payments set status = ?";
                }""";
        assertThat(violations(schema, "console", "Planted.java", console)).containsExactlyInAnyOrder(
                "console/Planted.java names table payments (owner: payments)",
                "console/Planted.java names table refunds (owner: payments)",
                "console/Planted.java names view ops_payments (reader: ops)");
        assertThat(violations(schema, "payments", "Planted.java", "String s = \"update payments set status = ?\";")).isEmpty();
    }

    static List<String> violations(Schema schema, String pkg, String fileName, String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        List<String> found = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        schema.tableOwners().forEach((table, owner) -> named.put(table, "table"));
        schema.viewReaders().forEach((view, reader) -> named.put(view, "view"));
        for (Map.Entry<String, String> name : named.entrySet()) {
            Matcher m = Pattern.compile("(?i)\\b(from|join|into|update|table|truncate)\\s+" + name.getKey() + "\\b").matcher(code);
            if (!m.find()) {
                continue;
            }
            boolean table = name.getValue().equals("table");
            String allowed = table ? schema.tableOwners().get(name.getKey()) : schema.viewReaders().get(name.getKey());
            if (!pkg.equals(allowed)) {
                found.add(pkg + "/" + fileName + " names " + name.getValue() + " " + name.getKey() + " ("
                        + (table ? "owner: " : "reader: ") + allowed + ")");
            }
        }
        return found;
    }

    static Schema schema() throws IOException {
        Map<String, String> owners = new LinkedHashMap<>();
        Map<String, String> readers = new LinkedHashMap<>();
        List<Path> migrations;
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            migrations = files.filter(f -> VERSION.matcher(f.getFileName().toString()).find())
                    .sorted(Comparator.comparingInt(TableOwnershipTest::version)).toList();
        }
        for (Path migration : migrations) {
            String sql = Files.readString(migration);
            CREATE.matcher(sql).results().forEach(m -> owners.putIfAbsent(m.group(1), null));
            DROP.matcher(sql).results().forEach(m -> owners.remove(m.group(1)));
            OWNER.matcher(sql).results().forEach(m -> owners.put(m.group(1), m.group(2)));
            READER.matcher(sql).results().forEach(m -> readers.put(m.group(1), m.group(2)));
        }
        return new Schema(owners, readers);
    }

    private static int version(Path migration) {
        Matcher m = VERSION.matcher(migration.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The capability package a source file is in ({@code payments}), or {@code (root)}. */
    private static String packageOf(Path file) {
        Path relative = SOURCES.relativize(file);
        return relative.getNameCount() > 1 ? relative.getName(0).toString() : "(root)";
    }
}
