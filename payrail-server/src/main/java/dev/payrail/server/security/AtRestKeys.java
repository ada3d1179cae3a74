package dev.payrail.server.security;

import dev.payrail.server.PayrailProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The master key for data Payrail must be able to read back (webhook signing secrets) and for card
 * fingerprints: {@code PAYRAIL_CARD_KEY}, or a key file generated at first start with owner-only
 * permissions. A key of the wrong size refuses to start. Each use gets a key derived for its purpose, so
 * a ciphertext of one kind never opens as another. Card numbers are not under this key: the vault
 * encrypts each under a data key of its own, wrapped by rotating key-encryption keys.
 */
@Component
public class AtRestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] master;

    AtRestKeys(PayrailProperties properties) {
        this.master = load(properties.cards());
    }

    /** A box under a key of its own for {@code purpose}. */
    public SealedBox forPurpose(String purpose) {
        return new SealedBox(SealedBox.derive(master, purpose));
    }

    /** A key of its own for {@code purpose}, for keyed hashes (card fingerprints). */
    public byte[] keyFor(String purpose) {
        return SealedBox.derive(master, purpose);
    }

    private static byte[] load(PayrailProperties.Cards cards) {
        if (cards.encryptionKey() != null && !cards.encryptionKey().isBlank()) {
            return checked(Base64.getDecoder().decode(cards.encryptionKey().strip()), "PAYRAIL_CARD_KEY");
        }
        Path file = Path.of(cards.keyFile());
        try {
            if (Files.exists(file)) {
                return checked(Base64.getDecoder().decode(Files.readString(file).strip()), file.toString());
            }
            byte[] generated = new byte[32];
            RANDOM.nextBytes(generated);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(generated) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the data key " + file, e);
        }
    }

    private static byte[] checked(byte[] raw, String source) {
        if (raw.length != 32) {
            throw new IllegalStateException(source + " must be the base64 of 32 random bytes (AES-256); got "
                    + raw.length + " bytes. Refusing to start.");
        }
        return raw;
    }
}
