package io.publicip.persistence.secrets;

import io.micronaut.core.annotation.Nullable;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encrypts access key secrets for the database and decrypts them back: AES-256-GCM with a random
 * 96-bit IV per write and the access key ID as associated data, so that a ciphertext copied onto
 * another key's row does not decrypt. A stored value reads {@code enc:v1:<master key ID>:<base64
 * of IV and ciphertext with its tag>}; anything without the {@code enc:} prefix is a plaintext
 * secret (written without a master key, or by a version before encryption).
 *
 * <p>Without a current key, secrets are written in plaintext. The previous keys decrypt only (with
 * no current key too: the first step of turning encryption on across several replicas).
 */
public final class SecretCipher {

    public static final String PREFIX = "enc:";
    static final String V1 = "enc:v1:";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SETTINGS = SecretsConfiguration.KEY + " (or " + SecretsConfiguration.KEY_FILE + ") and "
            + SecretsConfiguration.PREVIOUS_KEYS + " (or " + SecretsConfiguration.PREVIOUS_KEYS_FILE + ")";

    @Nullable
    private final MasterKey current;
    /** Every key that decrypts, by ID: the current one first. */
    private final Map<String, MasterKey> byId = new LinkedHashMap<>();

    public SecretCipher(@Nullable MasterKey current, List<MasterKey> previous) {
        this.current = current;
        if (current != null) {
            byId.put(current.id(), current);
        }
        for (MasterKey key : previous) {
            MasterKey other = byId.putIfAbsent(key.id(), key);
            if (other != null && !other.equals(key)) {
                throw new IllegalArgumentException("two master keys share the ID " + key.id() + "; generate another");
            }
        }
    }

    /** No key at all: secrets are stored and read in plaintext. */
    public static SecretCipher plaintext() {
        return new SecretCipher(null, List.of());
    }

    /** Whether secrets are written encrypted. */
    public boolean encrypts() {
        return current != null;
    }

    /** The current master key's ID, or null without one. */
    @Nullable
    public String currentKeyId() {
        return current == null ? null : current.id();
    }

    public static boolean isEncrypted(String stored) {
        return stored.startsWith(PREFIX);
    }

    /** The value to store for the secret of the access key: encrypted with the current key, or the secret itself without one. */
    public String seal(String accessKeyId, String secret) {
        if (current == null) {
            return secret;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, current.secretKey(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return V1 + current.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
        }
    }

    /**
     * The secret of the access key from its stored value.
     *
     * @throws SecretUnreadableException when the value is encrypted with a key not configured, or
     *                                   does not decrypt (altered, or copied from another key's row); its message holds no secret
     */
    public String open(String accessKeyId, String stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        if (!stored.startsWith(V1)) {
            throw new SecretUnreadableException(accessKeyId, "its secret is stored in a format this version does not know");
        }
        int colon = stored.indexOf(':', V1.length());
        if (colon < 0) {
            throw new SecretUnreadableException(accessKeyId, "its stored secret is malformed");
        }
        String keyId = stored.substring(V1.length(), colon);
        MasterKey key = byId.get(keyId);
        if (key == null) {
            throw new SecretUnreadableException(accessKeyId, "its secret is encrypted with master key " + keyId + ", which is "
                    + (byId.isEmpty() ? "not configured (no master key is: set " + SETTINGS + ")"
                    : "none of the configured ones " + byId.keySet() + " (" + SETTINGS + ")"));
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(stored.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadableException(accessKeyId, "its stored secret is malformed");
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw new SecretUnreadableException(accessKeyId, "its stored secret is malformed");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretUnreadableException(accessKeyId, "its secret does not decrypt with master key " + keyId
                    + " (the row was altered, or copied from another access key's)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
        }
    }

    /**
     * Whether a stored value needs no re-encryption: it is under the current key. Without a
     * current key every value is left as it is (an encrypted one is never turned back into plaintext).
     */
    public boolean isCurrent(String stored) {
        return current == null || stored.startsWith(V1 + current.id() + ":");
    }

    /** Key IDs only. */
    @Override
    public String toString() {
        return "SecretCipher[current=" + currentKeyId() + ", decrypts=" + byId.keySet() + "]";
    }
}
