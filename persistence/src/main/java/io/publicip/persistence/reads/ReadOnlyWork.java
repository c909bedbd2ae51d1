package io.publicip.persistence.reads;

import io.micronaut.data.connection.ConnectionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.function.Supplier;

/**
 * Work that only reads, on a connection of its own in autocommit: no transaction to begin or
 * commit, no group commit to wait for, and no lock taken, so a read never waits behind a write
 * (both databases read committed rows without blocking on a writer's locks). Each statement
 * sees what was committed when it began; work that needs one snapshot across statements reads it
 * in one statement.
 */
@Singleton
public class ReadOnlyWork {

    private final ConnectionOperations<Connection> connections;

    public ReadOnlyWork(ConnectionOperations<Connection> connections) {
        this.connections = connections;
    }

    public <T> T run(Supplier<T> work) {
        return connections.executeRead(status -> work.get());
    }
}
