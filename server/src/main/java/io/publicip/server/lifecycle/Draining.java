package io.publicip.server.lifecycle;

import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether the server is shutting down. Micronaut's graceful shutdown (on SIGTERM) tells every
 * GracefulShutdownCapable bean at once: the server stops accepting connections and waits for
 * the requests in flight, and from this moment a request that still reaches it, on a connection
 * that was open, gets ServiceUnavailable instead of being started.
 */
@Singleton
public class Draining implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger("publicip.startup");

    private volatile boolean draining;

    public boolean isDraining() {
        return draining;
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        draining = true;
        LOG.info("publicip is shutting down: requests in flight finish, new ones are refused");
        return CompletableFuture.completedFuture(null);
    }
}
