package io.publicip.persistence.groupcommit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Group commit of the public API's writes ({@code publicip.group-commit.*}).
 *
 * @param writers  threads that each run one shared transaction at a time; 0 turns group commit
 *                 off, and every request then commits its own transaction. More than one, so
 *                 that a request waiting for a lock (up to the statement timeout) holds up its
 *                 own writer while the others go on
 * @param maxBatch the most requests one shared transaction carries
 * @param lockTimeout on PostgreSQL, the longest a shared transaction's statement waits for a lock
 *                 before its requests run alone instead (a likely deadlock, which PostgreSQL
 *                 finds only after its {@code deadlock_timeout}); 0s: no bound of its own
 */
@ConfigurationProperties("publicip.group-commit")
public record GroupCommitSettings(
        @Bindable(defaultValue = "2") int writers,
        @Bindable(defaultValue = "32") int maxBatch,
        @Bindable(defaultValue = "100ms") Duration lockTimeout) {
}
