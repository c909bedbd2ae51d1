package io.publicip.e2e;

import io.publicip.client.api.EcsApi;
import io.publicip.client.operator.api.InstancesApi;
import io.publicip.client.operator.api.StateApi;
import io.publicip.client.operator.model.Instance;
import io.publicip.client.operator.model.InventoryDocument;
import io.publicip.contract.rpc.SignatureV1;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.Map;

import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A server started with a seed file holds exactly what the file says, allocations included. */
@ExtendWith(ContractOnTheWire.class)
class SeedFileTest {

    @Test
    void theSeedIsLoadedIntoTheEmptyDatabase() {
        // a server of its own, started with the seed file, on an embedded database of its own
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs the packaged server, not a deployment given by URL");
        Deployment seeded = Deployment.startPackaged("seeded", Map.of(
                "PUBLICIP_SEED_FILE", Path.of("src/test/resources/seed/small-world.yaml").toAbsolutePath().toString(),
                "DATASOURCES_DEFAULT_URL", "jdbc:h2:mem:seeded;LOCK_TIMEOUT=10000"));
        try {
            check(seeded.client(StateApi.class), seeded.client(InstancesApi.class), seeded.client(EcsApi.class));
            // the seed's access key signs requests; exports list it, never with its secret
            var suite = new ProtocolTest.E2eTestOn(seeded);
            String query = SignatureV1.queryString(SignatureV1.signedParameters("GET", Map.of("Action", "AllocatePublicIpAddress",
                    "Format", "JSON", "InstanceId", "i-seed-db", "RegionId", "eu-central-1"), "seed-key", "seed-secret-42"));
            var answer = suite.rawApi("GET", "/?" + query, null, null);
            assertEquals(403, answer.statusCode(), answer.body());
            assertEquals(true, answer.body().contains("AllocatedAlready"), answer.body());
            var keys = seeded.client(StateApi.class).exportState().body().getAccessKeys();
            assertEquals(true, keys.stream().anyMatch(k -> k.getAccessKeyId().equals("seed-key") && k.getSecret() == null), keys.toString());
        } finally {
            seeded.stop();
        }
    }

    void check(StateApi state, InstancesApi instances, EcsApi ecs) {
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
