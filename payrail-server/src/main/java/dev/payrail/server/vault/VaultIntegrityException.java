package dev.payrail.server.vault;

/** A vault record that cannot be opened: missing, tampered with, or wrapped by a key the store lacks. */
public class VaultIntegrityException extends RuntimeException {
    VaultIntegrityException(String message) {
        super(message);
    }

    VaultIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
