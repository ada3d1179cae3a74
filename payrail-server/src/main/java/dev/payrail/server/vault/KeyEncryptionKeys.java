package dev.payrail.server.vault;

import java.util.Set;

/**
 * Where the vault's key-encryption keys live and are used. The vault never sees a key: it asks the store to
 * wrap or unwrap a data key under a key id. The dev store is a file (or the environment); a KMS-backed store
 * implements the same five calls, with the keys never leaving the KMS.
 */
public interface KeyEncryptionKeys {

    /** The ids of the keys this store holds now. */
    Set<String> keyIds();

    /** {@code dataKey} encrypted under key {@code kekId}, bound to {@code context} (the record it belongs to). */
    byte[] wrap(String kekId, byte[] dataKey, String context);

    /** The data key back; throws if the wrapped value was tampered with or wrapped under another key or context. */
    byte[] unwrap(String kekId, byte[] wrappedKey, String context);

    /** Creates a new key and returns its id; a store whose keys are managed elsewhere refuses. */
    String generate();

    /** Destroys key {@code kekId}, once nothing is wrapped by it any more. */
    void destroy(String kekId);
}
