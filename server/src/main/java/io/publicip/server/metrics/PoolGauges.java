package io.publicip.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micronaut.scheduling.annotation.Scheduled;
import io.publicip.administration.pool.PoolAdministration;
import io.publicip.administration.pool.VlanSummary;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Per-VLAN pool size, allocated and free addresses ({@code publicip_pool_addresses},
 * {@code publicip_pool_allocated}, {@code publicip_pool_free}, tagged vlan and region). They are
 * read from each VLAN's total and its usage stripes (one small query, never a count of the pool)
 * every {@code publicip.metrics.pool-refresh} (15 s), not on every scrape.
 */
@Singleton
public class PoolGauges {

    private static final Logger LOG = LoggerFactory.getLogger(PoolGauges.class);

    private final PoolAdministration pools;
    private final MultiGauge size;
    private final MultiGauge allocated;
    private final MultiGauge free;

    public PoolGauges(PoolAdministration pools, MeterRegistry registry) {
        this.pools = pools;
        this.size = MultiGauge.builder("publicip.pool.addresses").description("Usable addresses of the VLAN").register(registry);
        this.allocated = MultiGauge.builder("publicip.pool.allocated").description("Addresses of the VLAN held").register(registry);
        this.free = MultiGauge.builder("publicip.pool.free").description("Addresses of the VLAN free").register(registry);
    }

    // publicip.metrics.pool-refresh: a schedule is read from its annotation, so its default is written here only
    @Scheduled(fixedDelay = "${publicip.metrics.pool-refresh:15s}", initialDelay = "1s")
    void scheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.debug("Pool gauges not refreshed, will try again: {}", e.toString());
        }
    }

    /** Reads every VLAN's figures now. */
    public void refresh() {
        List<VlanSummary> vlans = pools.listVlans(null);
        size.register(rows(vlans, VlanSummary::total), true);
        allocated.register(rows(vlans, VlanSummary::allocated), true);
        free.register(rows(vlans, VlanSummary::free), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<VlanSummary> vlans, ToLongFunction<VlanSummary> value) {
        return vlans.stream().<MultiGauge.Row<?>>map(v -> MultiGauge.Row.of(
                Tags.of("vlan", String.valueOf(v.vlanId()), "region", v.regionId()), value.applyAsLong(v))).toList();
    }
}
