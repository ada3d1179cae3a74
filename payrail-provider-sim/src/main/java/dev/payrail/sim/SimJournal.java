package dev.payrail.sim;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's memory on disk, so that payments made before a restart can still be captured, refunded and
 * disputed after it, as at a real provider. One JSON line per record each time it changes; on open, the last
 * line of each record wins, a torn last line (the process died mid-write) is dropped, and the file is
 * rewritten with only the latest lines. Lines are flushed to the operating system at once, so a killed
 * process loses nothing; they are not fsynced (a simulator need not survive a power cut). Without a file,
 * nothing is kept: tests and benchmarks start from nothing.
 */
final class SimJournal implements AutoCloseable {
    private static final TypeReference<Map<String, Object>> LINE = new TypeReference<>() {
    };

    private final JsonMapper json;
    private final Map<String, Map<String, Map<String, Object>>> loaded;
    private final BufferedWriter out;

    private SimJournal(JsonMapper json, Map<String, Map<String, Map<String, Object>>> loaded, BufferedWriter out) {
        this.json = json;
        this.loaded = loaded;
        this.out = out;
    }

    /** Keeps nothing. */
    static SimJournal none() {
        return new SimJournal(JsonMapper.builder().build(), Map.of(), null);
    }

    /** Opens (or creates) the journal in {@code file}, compacting what an earlier run wrote. */
    static SimJournal open(Path file) {
        JsonMapper json = JsonMapper.builder().build();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Map<String, Map<String, Map<String, Object>>> loaded = read(file, json);
            Path compacted = file.resolveSibling(file.getFileName() + ".tmp");
            try (BufferedWriter writer = Files.newBufferedWriter(compacted, StandardCharsets.UTF_8)) {
                for (Map<String, Map<String, Object>> records : loaded.values()) {
                    for (Map<String, Object> record : records.values()) {
                        writer.write(json.writeValueAsString(record));
                        writer.newLine();
                    }
                }
            }
            Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new SimJournal(json, loaded, out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the simulator's state in " + file, e);
        }
    }

    private static Map<String, Map<String, Map<String, Object>>> read(Path file, JsonMapper json) throws IOException {
        Map<String, Map<String, Map<String, Object>>> loaded = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return loaded;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> record;
            try {
                record = json.readValue(lines.get(i), LINE);
            } catch (JacksonException torn) {
                if (i == lines.size() - 1) {
                    break;       // the process died while writing its last line: that change never answered anyone
                }
                throw new IOException("line " + (i + 1) + " of " + file + " is not a record", torn);
            }
            String kind = (String) record.get("kind");
            String id = (String) record.get("id");
            if (kind == null || id == null) {
                throw new IOException("line " + (i + 1) + " of " + file + " has no kind or id");
            }
            loaded.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(id, record);
        }
        return loaded;
    }

    /** The latest record of each id of one kind, as the earlier run left them, in the order first written. */
    List<Map<String, Object>> loaded(String kind) {
        return List.copyOf(loaded.getOrDefault(kind, Map.of()).values());
    }

    /** The latest state of each Java record of one kind (written with {@link #write(String, Record)}). */
    <T extends Record> List<T> loaded(String kind, Class<T> type) {
        return loaded(kind).stream().map(line -> {
            Map<String, Object> fields = new LinkedHashMap<>(line);
            fields.remove("kind");
            return json.convertValue(fields, type);
        }).toList();
    }

    /** Writes a Java record's current state, its components as fields; it must have an {@code id}. */
    void write(String kind, Record record) {
        write(kind, json.convertValue(record, LINE));
    }

    /** Writes the record's current state; {@code record} must hold its {@code id}. */
    void write(String kind, Map<String, Object> record) {
        if (out == null) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", kind);
        line.putAll(record);
        String text = json.writeValueAsString(line);
        synchronized (this) {
            try {
                out.write(text);
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the simulator's state", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
