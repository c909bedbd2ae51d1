package io.publicip.persistence.secrets;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A 256-bit AES master key and its ID: the first 8 hex digits of the SHA-256 of the key, so that
 * a stored secret names the key that encrypted it without any setting for it. {@link #toString()}
 * shows the ID only.
 */
public final class MasterKey {

    public static final int BYTES = 32;

    private final String id;
    private final SecretKey key;

    private MasterKey(byte[] raw) {
        this.id = idOf(raw);
        this.key = new SecretKeySpec(raw, "AES");
        Arrays.fill(raw, (byte) 0);
    }

    public static MasterKey of(byte[] raw) {
        if (raw.length != BYTES) {
            throw new IllegalArgumentException("a master key is " + BYTES + " bytes, this one is " + raw.length);
        }
        return new MasterKey(raw.clone());
    }

    /**
     * @param setting the setting the text comes from, named in the message when it is unusable
     * @throws IllegalArgumentException when the text is not the base64 of 32 bytes (the message holds no part of it)
     */
    public static MasterKey parse(String base64, String setting) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64 (a master key is the base64 of " + BYTES
                    + " random bytes, e.g. from `openssl rand -base64 32`)");
        }
        if (raw.length != BYTES) {
            throw new IllegalArgumentException(setting + " decodes to " + raw.length + " bytes, a master key is " + BYTES
                    + " (e.g. from `openssl rand -base64 32`)");
        }
        return new MasterKey(raw);
    }

    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    private static String idOf(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MasterKey that && MessageDigest.isEqual(key.getEncoded(), that.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
