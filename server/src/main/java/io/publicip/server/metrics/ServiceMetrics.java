package io.publicip.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.publicip.administration.gateway.GatewayFaults;
import io.publicip.persistence.groupcommit.GroupCommit;
import io.publicip.persistence.repair.Reconciliation;
import io.publicip.persistence.retry.TransactionRetry;
import io.publicip.server.rpc.RpcCall;
import io.publicip.server.rpc.RpcError;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The service's own meters, scraped from the operator port at /prometheus:
 * {@code publicip_requests_seconds} (a latency histogram by action, signature scheme and result
 * code: with action="AllocatePublicIpAddress" its count is the allocations by result code),
 * {@code publicip_signature_failures_total} by scheme and code, {@code publicip_gateway_faults_fired_total}
 * and {@code publicip_repairs_total}, {@code publicip_transaction_retries_total} by cause (deadlock,
 * serialization, concurrent_create, contention), {@code publicip_transaction_tries_max} (the most tries one
 * transaction took), {@code publicip_reconciliation_seconds} (passes of the
 * reconciliation and the time they took), {@code publicip_group_commits_total},
 * {@code publicip_group_commit_requests_total}, {@code publicip_group_commit_alone_total} and
 * {@code publicip_group_commit_at_once_total}, {@code publicip_write_transactions_total}
 * ({@link GroupCommit}). Pool gauges are {@link PoolGauges}, embedded H2's file
 * {@link H2FileMeters}; the connection pool's
 * are Micronaut's own ({@code hikaricp_connections_*}).
 */
@Singleton
public class ServiceMetrics {

    private final MeterRegistry registry;

    public ServiceMetrics(MeterRegistry registry, Reconciliation reconciliation, GatewayFaults faults, TransactionRetry retry,
                          GroupCommit groupCommit) {
        this.registry = registry;
        FunctionCounter.builder("publicip.group.commits", groupCommit, GroupCommit::groupsSinceStart)
                .description("Transactions that carried public API requests together and committed (group commit)").register(registry);
        FunctionCounter.builder("publicip.group.commit.requests", groupCommit, GroupCommit::groupedSinceStart)
                .description("Public API requests those transactions carried; divided by publicip_group_commits_total, the mean group")
                .register(registry);
        FunctionCounter.builder("publicip.group.commit.alone", groupCommit, GroupCommit::ranAloneSinceStart)
                .description("Requests run again alone because their group could not commit").register(registry);
        FunctionCounter.builder("publicip.write.transactions", groupCommit, GroupCommit::requestsSinceStart)
                .description("Public API requests whose work ran as a write transaction (alone or in a group); the others took none").register(registry);
        FunctionCounter.builder("publicip.group.commit.at.once", groupCommit, GroupCommit::atOnceSinceStart)
                .description("Writing requests that committed alone at once, finding no group forming").register(registry);
        for (TransactionRetry.Cause cause : TransactionRetry.Cause.values()) {
            FunctionCounter.builder("publicip.transaction.retries", retry, r -> r.retriesSinceStart(cause))
                    .description("Transactions the database aborted and that were tried again, by cause").tag("cause", cause.label())
                    .register(registry);
        }
        Gauge.builder("publicip.transaction.tries.max", retry, TransactionRetry::mostTriesSinceStart)
                .description("The most tries one transaction has taken since start-up (the bound is publicip.database.retry.attempts)")
                .register(registry);
        FunctionCounter.builder("publicip.repairs", reconciliation, Reconciliation::repairsSinceStart)
                .description("Inconsistencies the reconciliation repaired since start-up").register(registry);
        FunctionTimer.builder("publicip.reconciliation", reconciliation, Reconciliation::passesSinceStart,
                        Reconciliation::passSecondsSinceStart, TimeUnit.SECONDS)
                .description("Reconciliation passes completed since start-up, and the time they took").register(registry);
        FunctionCounter.builder("publicip.gateway.faults.fired", faults, GatewayFaults::firedSinceStart)
                .description("Allocations an armed gateway fault delayed or failed since start-up").register(registry);
    }

    /** One public API request answered; {@code action} must come from a bounded set, {@code scheme} is v1 or acs3 (an unsigned request is v1's). */
    public void requestCompleted(String action, String scheme, String code, long nanos) {
        Timer.builder("publicip.requests").description("Public API requests by action, signature scheme and result code")
                .tags("action", action, "scheme", scheme, "code", code)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    public void signatureFailure(RpcCall.Scheme scheme, RpcError refused) {
        Counter.builder("publicip.signature.failures").description("Requests refused by signature verification, by scheme and code")
                .tags("scheme", scheme.label(), "code", refused.errorKey()).register(registry).increment();
    }
}
