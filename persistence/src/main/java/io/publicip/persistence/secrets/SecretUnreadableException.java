package io.publicip.persistence.secrets;

/** A stored access key secret that the configured master keys cannot decrypt. The message names the key ID, never a secret. */
public class SecretUnreadableException extends IllegalStateException {

    private final String accessKeyId;

    public SecretUnreadableException(String accessKeyId, String reason) {
        super("access key " + accessKeyId + ": " + reason);
        this.accessKeyId = accessKeyId;
    }

    public String accessKeyId() {
        return accessKeyId;
    }
}
