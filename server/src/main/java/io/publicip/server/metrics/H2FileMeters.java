package io.publicip.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.publicip.persistence.h2.H2FileCompaction;

/**
 * On embedded H2: {@code publicip_h2_file_bytes}, the database file's size (it holds about the
 * last 45 s of commits, H2's retention time, besides the data), and
 * {@code publicip_h2_compaction_passes_total}, the passes of {@link H2FileCompaction} that
 * copied live pages out of sparse chunks.
 */
@Context
@Requires(beans = {H2FileCompaction.class, MeterRegistry.class})
class H2FileMeters {

    H2FileMeters(MeterRegistry registry, H2FileCompaction compaction) {
        Gauge.builder("publicip.h2.file.bytes", compaction, H2FileCompaction::fileBytes)
                .description("Size of the embedded H2 database file").baseUnit("bytes").register(registry);
        FunctionCounter.builder("publicip.h2.compaction.passes", compaction, H2FileCompaction::rewritingPassesSinceStart)
                .description("Compaction passes that copied live pages out of sparse chunks of the H2 file").register(registry);
    }
}
