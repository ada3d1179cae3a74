package dev.payrail.server.vault;

import dev.payrail.server.api.Ids;
import dev.payrail.server.security.SealedBox;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The development key store: key-encryption keys as {@code kek_id=base64} lines in an owner-only file, or,
 * when {@code PAYRAIL_VAULT_KEKS} is set ({@code id:base64,id:base64}), from the environment, read-only.
 * New keys are written to a temporary file and moved into place, so a crash never leaves half a key store.
 */
final class FileKeyStore implements KeyEncryptionKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final boolean fromEnvironment;
    private final Map<String, SealedBox> keys = new ConcurrentHashMap<>();

    private FileKeyStore(Path file, boolean fromEnvironment) {
        this.file = file;
        this.fromEnvironment = fromEnvironment;
    }

    static FileKeyStore fromEnvironment(String spec) {
        FileKeyStore store = new FileKeyStore(null, true);
        for (String entry : spec.split(",")) {
            String[] idAndKey = entry.strip().split(":", 2);
            if (idAndKey.length != 2) {
                throw new IllegalStateException("PAYRAIL_VAULT_KEKS entries are id:base64; refusing to start");
            }
            store.keys.put(idAndKey[0], box(idAndKey[0], Base64.getDecoder().decode(idAndKey[1].strip())));
        }
        return store;
    }

    static FileKeyStore fromFile(Path file) {
        FileKeyStore store = new FileKeyStore(file, false);
        store.readRaw().forEach((id, key) -> store.keys.put(id, box(id, Base64.getDecoder().decode(key.strip()))));
        return store;
    }

    @Override
    public Set<String> keyIds() {
        return Set.copyOf(keys.keySet());
    }

    @Override
    public byte[] wrap(String kekId, byte[] dataKey, String context) {
        return key(kekId).seal(dataKey, context + "|" + kekId);
    }

    @Override
    public byte[] unwrap(String kekId, byte[] wrappedKey, String context) {
        return key(kekId).open(wrappedKey, context + "|" + kekId);
    }

    @Override
    public synchronized String generate() {
        if (fromEnvironment) {
            throw new IllegalStateException("the vault's keys come from PAYRAIL_VAULT_KEKS: add the new key there, "
                    + "restart, then activate it by id");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String id = "kek_" + Ids.randomBase62(12);
        keys.put(id, box(id, raw));
        Map<String, String> lines = new TreeMap<>(readRaw());
        lines.put(id, Base64.getEncoder().encodeToString(raw));
        write(lines);
        return id;
    }

    @Override
    public synchronized void destroy(String kekId) {
        if (fromEnvironment) {
            throw new IllegalStateException("the vault's keys come from PAYRAIL_VAULT_KEKS: remove " + kekId + " there");
        }
        Map<String, String> lines = new TreeMap<>(readRaw());
        lines.remove(kekId);
        write(lines);
        keys.remove(kekId);
    }

    private SealedBox key(String kekId) {
        SealedBox box = keys.get(kekId);
        if (box == null) {
            throw new IllegalStateException("key-encryption key " + kekId + " is not in the vault's key store");
        }
        return box;
    }

    private Map<String, String> readRaw() {
        Map<String, String> lines = new TreeMap<>();
        if (Files.exists(file)) {
            Properties stored = new Properties();
            try {
                stored.load(new StringReader(Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the vault key store " + file, e);
            }
            stored.stringPropertyNames().forEach(id -> lines.put(id, stored.getProperty(id)));
        }
        return lines;
    }

    private void write(Map<String, String> lines) {
        StringBuilder text = new StringBuilder("# Payrail vault key-encryption keys: owner-only, never commit or log.\n");
        lines.forEach((id, key) -> text.append(id).append('=').append(key).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the vault key store " + file, e);
        }
    }

    private static SealedBox box(String id, byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalStateException("vault key " + id + " must be 32 bytes (AES-256); refusing to start");
        }
        return SealedBox.of(raw);
    }
}
