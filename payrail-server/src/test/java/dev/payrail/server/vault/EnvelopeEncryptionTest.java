package dev.payrail.server.vault;

import dev.payrail.server.security.SealedBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope: a data key seals the card, a key-encryption key from the store wraps the data key. */
class EnvelopeEncryptionTest {
    private static final byte[] CARD = "4242424242424242\nAda Lovelace".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    @Test
    void a_card_round_trips_through_a_data_key_wrapped_by_the_store() {
        FileKeyStore store = FileKeyStore.fromFile(directory.resolve("keys.properties"));
        String kek = store.generate();
        byte[] dataKey = randomKey();

        byte[] ciphertext = SealedBox.of(dataKey).seal(CARD, "pm_1");
        byte[] wrapped = store.wrap(kek, dataKey, "pm_1");

        byte[] unwrapped = FileKeyStore.fromFile(directory.resolve("keys.properties")).unwrap(kek, wrapped, "pm_1");
        assertThat(SealedBox.of(unwrapped).open(ciphertext, "pm_1")).isEqualTo(CARD);
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("4242424242424242");
    }

    @Test
    void a_flipped_bit_a_moved_record_or_another_key_fails_with_a_clear_error() {
        FileKeyStore store = FileKeyStore.fromFile(directory.resolve("keys.properties"));
        String kek = store.generate();
        String otherKek = store.generate();
        byte[] dataKey = randomKey();
        byte[] ciphertext = SealedBox.of(dataKey).seal(CARD, "pm_1");
        byte[] wrapped = store.wrap(kek, dataKey, "pm_1");

        byte[] tampered = ciphertext.clone();
        tampered[tampered.length - 20] ^= 0x04;
        assertThatThrownBy(() -> SealedBox.of(dataKey).open(tampered, "pm_1"))
                .isInstanceOf(SealedBox.SealedValueException.class).hasMessageContaining("tampered");
        assertThatThrownBy(() -> SealedBox.of(dataKey).open(ciphertext, "pm_2"))
                .as("a ciphertext copied to another record").isInstanceOf(SealedBox.SealedValueException.class);
        byte[] tamperedKey = wrapped.clone();
        tamperedKey[15] ^= 0x01;
        assertThatThrownBy(() -> store.unwrap(kek, tamperedKey, "pm_1")).isInstanceOf(SealedBox.SealedValueException.class);
        assertThatThrownBy(() -> store.unwrap(otherKek, wrapped, "pm_1")).isInstanceOf(SealedBox.SealedValueException.class);
    }

    @Test
    void the_key_store_file_is_owner_only_and_a_destroyed_key_is_gone() throws Exception {
        Path file = directory.resolve("keys.properties");
        FileKeyStore store = FileKeyStore.fromFile(file);
        String first = store.generate();
        String second = store.generate();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        store.destroy(first);

        assertThat(FileKeyStore.fromFile(file).keyIds()).containsExactly(second);
        assertThat(Files.readString(file)).doesNotContain(first);
        assertThatThrownBy(() -> store.wrap(first, randomKey(), "pm_1")).hasMessageContaining("not in the vault's key store");
    }

    @Test
    void keys_from_the_environment_are_read_only() {
        String key = java.util.Base64.getEncoder().encodeToString(randomKey());
        FileKeyStore store = FileKeyStore.fromEnvironment("kek_env1:" + key);
        assertThat(store.keyIds()).containsExactly("kek_env1");
        assertThatThrownBy(store::generate).hasMessageContaining("PAYRAIL_VAULT_KEKS");
        assertThatThrownBy(() -> FileKeyStore.fromEnvironment("kek_short:" + java.util.Base64.getEncoder()
                .encodeToString(new byte[16]))).hasMessageContaining("32 bytes");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
