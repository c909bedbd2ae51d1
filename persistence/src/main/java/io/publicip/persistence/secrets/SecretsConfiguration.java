package io.publicip.persistence.secrets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The master keys that encrypt access key secrets at rest ({@code publicip.secrets.*}). Each key
 * is the base64 of 32 random bytes ({@code openssl rand -base64 32}), given inline or in a file;
 * the previous keys only decrypt, during a rotation. Nothing set: secrets are stored in plaintext.
 */
@ConfigurationProperties("publicip.secrets")
public class SecretsConfiguration {

    public static final String KEY = "publicip.secrets.key";
    public static final String KEY_FILE = "publicip.secrets.key-file";
    public static final String PREVIOUS_KEYS = "publicip.secrets.previous-keys";
    public static final String PREVIOUS_KEYS_FILE = "publicip.secrets.previous-keys-file";

    /** The current master key, base64 of 32 bytes. */
    @Nullable
    private String key;
    /** A file whose first non-blank line is the current master key. */
    @Nullable
    private String keyFile;
    /** Earlier master keys, comma-separated, accepted for decryption only. */
    @Nullable
    private String previousKeys;
    /** A file with earlier master keys, one a line. */
    @Nullable
    private String previousKeysFile;

    @Nullable
    public String getKey() {
        return key;
    }

    public void setKey(@Nullable String key) {
        this.key = key;
    }

    @Nullable
    public String getKeyFile() {
        return keyFile;
    }

    public void setKeyFile(@Nullable String keyFile) {
        this.keyFile = keyFile;
    }

    @Nullable
    public String getPreviousKeys() {
        return previousKeys;
    }

    public void setPreviousKeys(@Nullable String previousKeys) {
        this.previousKeys = previousKeys;
    }

    @Nullable
    public String getPreviousKeysFile() {
        return previousKeysFile;
    }

    public void setPreviousKeysFile(@Nullable String previousKeysFile) {
        this.previousKeysFile = previousKeysFile;
    }

    /** The values themselves never appear. */
    @Override
    public String toString() {
        return "SecretsConfiguration[key " + (isSet(key) ? "set" : "unset") + ", keyFile=" + keyFile
                + ", previousKeys " + (isSet(previousKeys) ? "set" : "unset") + ", previousKeysFile=" + previousKeysFile + "]";
    }

    static boolean isSet(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
