package io.publicip.persistence.accesskey;

import java.time.Instant;

/** An access key; {@link #toString()} leaves the secret out so that it cannot reach a log. */
public record AccessKey(String accessKeyId, String secret, boolean enabled, Instant createdAt) {

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", enabled=" + enabled + ", createdAt=" + createdAt + "]";
    }
}
