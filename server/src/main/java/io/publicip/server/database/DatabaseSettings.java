package io.publicip.server.database;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The bounds on every wait on the database ({@code publicip.database.*}; the retries'
 * {@code publicip.database.retry.*} are persistence's RetrySettings).
 *
 * @param connectTimeout   PostgreSQL: opening a connection (TCP connect, then the login)
 * @param socketTimeout    PostgreSQL: the longest wait for any answer on a connection
 * @param statementTimeout the longest a statement may run or wait for a lock; {@code 0s}: none
 * @param healthTimeout    readiness answers within this, DOWN when the database has not answered
 */
@ConfigurationProperties("publicip.database")
public record DatabaseSettings(
        @Bindable(defaultValue = "5s") Duration connectTimeout,
        @Bindable(defaultValue = "15s") Duration socketTimeout,
        @Bindable(defaultValue = "10s") Duration statementTimeout,
        @Bindable(defaultValue = "2s") Duration healthTimeout) {
}
