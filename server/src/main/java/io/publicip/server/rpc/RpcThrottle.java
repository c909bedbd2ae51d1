package io.publicip.server.rpc;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An optional request rate per access key (publicip.throttling.requests-per-second; 0, the
 * default, is no limit): a token bucket per key, refilled continuously, as deep as one second's
 * worth. Over the rate, requests get Throttling. Each replica counts its own requests.
 */
@Singleton
public class RpcThrottle {

    private final double ratePerSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RpcThrottle(ThrottlingSettings settings) {
        this.ratePerSecond = settings.requestsPerSecond();
    }

    /** @throws RpcError Throttling when the call's key is over its rate */
    public void admit(RpcCall call) {
        String accessKeyId = call.signature().accessKeyId();
        if (ratePerSecond <= 0) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(accessKeyId == null ? "" : accessKeyId, k -> new Bucket(ratePerSecond));
        if (!bucket.take(ratePerSecond, System.nanoTime())) {
            throw new RpcError(ProtocolErrors.THROTTLING);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(double capacity) {
            this.tokens = Math.max(1, capacity);
        }

        synchronized boolean take(double rate, long now) {
            double capacity = Math.max(1, rate);
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
