package io.publicip.server.lifecycle;

import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether the server is shutting down: from SIGTERM's notice period (ShutdownNotice) on, or
 * else from the graceful shutdown. Micronaut's graceful shutdown tells every
 * GracefulShutdownCapable bean at once: the server stops accepting connections and waits for
 * the requests in flight, and from this moment a request that still reaches it, on a connection
 * that was open, gets ServiceUnavailable instead of being started.
 */
@Singleton
public class Draining implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger("publicip.shutdown");

    private volatile boolean draining;

    public boolean isDraining() {
        return draining;
    }

    /** SIGTERM's notice period has begun (ShutdownNotice): the ports are still open. */
    void startNotice() {
        draining = true;
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        draining = true;
        LOG.info("publicip is shutting down: requests in flight finish, new ones are refused");
        return CompletableFuture.completedFuture(null);
    }
}
