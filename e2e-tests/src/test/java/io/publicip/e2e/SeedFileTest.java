package io.publicip.e2e;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.publicip.client.api.EcsApi;
import io.publicip.client.operator.api.InstancesApi;
import io.publicip.client.operator.api.StateApi;
import io.publicip.client.operator.model.Instance;
import io.publicip.client.operator.model.InventoryDocument;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A server started with a seed file holds exactly what the file says, allocations included. */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "datasources.default.url", value = "jdbc:h2:mem:seeded;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1")
@Property(name = "publicip.seed-file", value = "src/test/resources/seed/small-world.yaml")
class SeedFileTest implements FreePort {

    @Inject
    StateApi state;
    @Inject
    InstancesApi instances;
    @Inject
    EcsApi ecs;

    @Test
    void theSeedIsLoadedIntoTheEmptyDatabase() {
        InventoryDocument loaded = state.exportState().body();
        assertEquals(List.of("i-seed-db", "i-seed-web"), loaded.getInstances().stream().map(Instance::getInstanceId).toList());
        assertEquals(List.of("198.51.100.0/28", "198.51.100.64/30"), loaded.getVlans().get(0).getCidrs());
        assertEquals("198.51.100.5", loaded.getAllocations().get(0).getIpAddress());
        assertEquals(OffsetDateTime.parse("2026-01-02T03:04:05Z").toInstant(), loaded.getAllocations().get(0).getAllocatedAt().toInstant());
        assertEquals("198.51.100.5", instances.getInstance("i-seed-db").body().getPublicIpAddress());

        String ip = ecs.allocatePublicIpAddress("AllocatePublicIpAddress", "i-seed-web", null, null, "eu-central-1", "JSON",
                null, null, null, null, null, null, null).body().getIpAddress();
        assertEquals(true, ip.startsWith("198.51.100."));

        // the full round trip: seed -> allocate -> export -> reset -> import -> the same allocations
        InventoryDocument exported = state.exportState().body();
        assertEquals(2, exported.getAllocations().size());
        state.resetState("empty");
        assertEquals(List.of(), state.exportState().body().getAllocations());
        state.importState(exported);
        InventoryDocument back = state.exportState().body();
        assertEquals(exported.getAllocations(), back.getAllocations());
        assertEquals(exported.getInstances(), back.getInstances());
        assertEquals(ip, instances.getInstance("i-seed-web").body().getPublicIpAddress());
    }
}
