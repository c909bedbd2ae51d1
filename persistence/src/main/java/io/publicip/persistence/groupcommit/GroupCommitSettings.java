package io.publicip.persistence.groupcommit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Group commit of the public API's writes ({@code publicip.group-commit.*}).
 *
 * @param writers  threads that each run one shared transaction at a time; 0 (the default) turns
 *                 group commit off, and every request then commits its own transaction. Off,
 *                 because measured it makes some kind of request worse on each database (the
 *                 contended mix on both, a refusal after a read on PostgreSQL; docs/benchmarks.md).
 *                 More than one when on, so that a request waiting for a lock (up to the statement
 *                 timeout) holds up its own writer while the others go on
 * @param maxBatch the most requests one shared transaction carries
 * @param lockTimeout on PostgreSQL, the longest a shared transaction's statement waits for a lock
 *                 before its requests run alone instead (a likely deadlock, which PostgreSQL
 *                 finds only after its {@code deadlock_timeout}); 0s: no bound of its own
 * @param aloneAtOnce whether a request that finds no group forming (the queue empty, and fewer
 *                 than {@code writers} requests committing alone) commits alone at once on its own
 *                 thread instead of waiting for a writer
 */
@ConfigurationProperties("publicip.group-commit")
public record GroupCommitSettings(
        @Bindable(defaultValue = "0") int writers,
        @Bindable(defaultValue = "32") int maxBatch,
        @Bindable(defaultValue = "100ms") Duration lockTimeout,
        @Bindable(defaultValue = "true") boolean aloneAtOnce) {
}
