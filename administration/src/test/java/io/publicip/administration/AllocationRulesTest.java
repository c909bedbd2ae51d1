package io.publicip.administration;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.publicip.allocation.Allocation;
import io.publicip.allocation.AllocationError;
import io.publicip.allocation.AllocationException;
import io.publicip.allocation.AllocationRequest;
import io.publicip.allocation.Instance;
import io.publicip.allocation.Instance.ChargeType;
import io.publicip.allocation.Instance.LockReason;
import io.publicip.allocation.Instance.NetworkType;
import io.publicip.allocation.Instance.Status;
import io.publicip.allocation.NatGateway.GatewayFailure.Stage;
import io.publicip.administration.gateway.GatewayFaults;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static io.publicip.allocation.AllocationError.*;
import static io.publicip.administration.TestWorld.allocatable;
import static org.junit.jupiter.api.Assertions.*;

/** Every rule of AllocatePublicIpAddress, in order, against a real H2 database. */
@MicronautTest(environments = "test", transactional = false)
class AllocationRulesTest {

    @Inject
    TestWorld world;
    @Inject
    GatewayFaults faults;

    @BeforeEach
    void freshWorld() {
        world.reset();
    }

    Allocation allocate(String instanceId, String ip, String vlan, String region) {
        return world.allocate(new AllocationRequest(instanceId, ip, vlan, region));
    }

    void assertRefused(AllocationError expected, String instanceId, String ip, String vlan, String region) {
        long held = world.count("SELECT COUNT(*) FROM allocation");
        long bound = world.count("SELECT COUNT(*) FROM gateway_binding");
        AllocationException e = assertThrows(AllocationException.class, () -> allocate(instanceId, ip, vlan, region));
        assertEquals(expected, e.error());
        assertEquals(held, world.count("SELECT COUNT(*) FROM allocation"), "a refusal changes nothing");
        assertEquals(bound, world.count("SELECT COUNT(*) FROM gateway_binding"), "a refusal binds nothing");
    }

    @Nested
    class RequestValues {
        @Test
        void missingInstanceIdComesFirst() {
            assertRefused(MISSING_INSTANCE_ID, null, "not-an-ip", "x", "r1");
            assertRefused(MISSING_INSTANCE_ID, "", null, null, null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "01.2.3.4", "256.0.0.1", "1.2.3", " 10.0.0.1", "::1", "10.0.0.1 "})
        void malformedIpAddressBeforeTheInstanceIsLookedUp(String ip) {
            assertRefused(MALFORMED_IP_ADDRESS, "i-unknown", ip, "abc", null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "abc", "0", "4095", "010", "-1"})
        void vlanIdNotANumberBeforeTheInstanceIsLookedUp(String vlan) {
            assertRefused(INVALID_VLAN_ID, "i-unknown", null, vlan, null);
        }
    }

    @Nested
    class TheInstance {
        @Test
        void unknownInstance() {
            assertRefused(INSTANCE_NOT_FOUND, "i-unknown", null, null, null);
        }

        @Test
        void instanceOfAnotherRegionIsNotFound() {
            world.addAllocatable("i-1");
            assertRefused(INSTANCE_NOT_FOUND, "i-1", null, null, "r2");
            assertEquals("r1", allocate("i-1", null, null, "r1").regionId());
        }

        @Test
        void securityLockComesBeforeExpiryAndStatus() {
            Instance i = allocatable("i-locked");
            world.add(allocatable("i-locked").toBuilder().zoneId(null).status(Status.Starting).chargeType(ChargeType.PrePaid)
                    .expiredTime(Instant.parse("2001-01-01T00:00:00Z")).operationLocks(Set.of(LockReason.security)).build());
            assertRefused(INSTANCE_LOCKED_FOR_SECURITY, i.instanceId(), null, null, null);
        }

        @Test
        void otherLocksDoNotBlock() {
            world.add(allocatable("i-fin").toBuilder().zoneId(null).operationLocks(Set.of(LockReason.financial)).build());
            assertNotNull(allocate("i-fin", null, null, null));
        }

        @Test
        void expiredPrepaidComesBeforeStatus() {
            world.add(TestWorld.expiredPrepaid(allocatable("i-exp"), Instant.parse("2001-01-01T00:00:00Z")).withStatus(Status.Pending));
            assertRefused(INSTANCE_EXPIRED_OR_IN_ARREARS, "i-exp", null, null, null);
        }

        @Test
        void prepaidNotYetExpiredIsFine() {
            world.add(TestWorld.expiredPrepaid(allocatable("i-pre"), Instant.parse("2099-01-01T00:00:00Z")));
            assertNotNull(allocate("i-pre", null, null, null));
        }

        @Test
        void postpaidInArrears() {
            world.add(allocatable("i-arr").toBuilder().zoneId(null).inArrears(true).build());
            assertRefused(INSTANCE_EXPIRED_OR_IN_ARREARS, "i-arr", null, null, null);
        }

        @ParameterizedTest
        @EnumSource(value = Status.class, names = {"Pending", "Starting", "Stopping"})
        void onlyRunningOrStoppedInstances(Status status) {
            world.add(allocatable("i-s").withStatus(status));
            assertRefused(INCORRECT_INSTANCE_STATUS, "i-s", null, null, null);
        }

        @Test
        void stoppedInstanceGetsAnAddress() {
            world.add(allocatable("i-stopped").withStatus(Status.Stopped));
            assertNotNull(allocate("i-stopped", null, null, null));
        }
    }

    @Nested
    class TheNetwork {
        @Test
        void vpcWithEipComesBeforeBandwidth() {
            world.add(allocatable("i-vpc").toBuilder().zoneId(null).networkType(NetworkType.vpc).eipAddress("47.1.1.1")
                    .internetMaxBandwidthOut(0).build());
            assertRefused(VPC_INSTANCE_WITH_EIP, "i-vpc", null, null, null);
        }

        @Test
        void vpcWithoutEipGetsAnAddress() {
            world.add(allocatable("i-vpc").toBuilder().zoneId(null).networkType(NetworkType.vpc).internetMaxBandwidthOut(1).build());
            assertNotNull(allocate("i-vpc", null, null, null));
        }

        @Test
        void allocatedAlreadyAfterASuccessEvenForAnotherAddress() {
            world.addAllocatable("i-1");
            Allocation first = allocate("i-1", null, null, null);
            assertRefused(ALLOCATED_ALREADY, "i-1", null, null, null);
            assertRefused(ALLOCATED_ALREADY, "i-1", "10.0.0.6", "10", null);
            assertRefused(ALLOCATED_ALREADY, "i-1", first.address().toString(), null, null);
        }

        @Test
        void noBandwidthNoAddress() {
            world.add(allocatable("i-0").toBuilder().zoneId(null).internetMaxBandwidthOut(0).build());
            assertRefused(INVALID_INSTANCE_BANDWIDTH, "i-0", null, null, null);
        }
    }

    @Nested
    class ThePool {
        @Test
        void unknownVlanOrVlanOfAnotherRegion() {
            world.addAllocatable("i-1");
            assertRefused(VLAN_NOT_FOUND, "i-1", null, "999", null);
            assertRefused(VLAN_NOT_FOUND, "i-1", "10.0.2.1", "20", null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.1.1.1", "10.0.2.1", "10.0.0.0", "10.0.0.7", "10.0.1.0"})
        void addressInNoPoolOfTheRegion(String ip) {
            // 10.0.2.1 is in r2's pool; 10.0.0.0 and 10.0.0.7 are VLAN 10's network and broadcast
            world.addAllocatable("i-1");
            assertRefused(ADDRESS_NOT_IN_REGION_POOLS, "i-1", ip, null, null);
        }

        @Test
        void addressOfAnotherVlan() {
            world.addAllocatable("i-1");
            assertRefused(ADDRESS_NOT_IN_VLAN, "i-1", "10.0.1.1", "10", null);
        }

        @Test
        void addressInUse() {
            world.addAllocatable("i-1");
            world.addAllocatable("i-2");
            assertEquals("10.0.0.3", allocate("i-1", "10.0.0.3", null, null).address().toString());
            assertRefused(IP_IN_USE, "i-2", "10.0.0.3", "10", null);
            assertRefused(IP_IN_USE, "i-2", "10.0.0.3", null, null);
        }

        @Test
        void namedAddressInTheGivenVlan() {
            world.addAllocatable("i-1");
            Allocation a = allocate("i-1", "10.0.1.2", "11", "r1");
            assertEquals("10.0.1.2", a.address().toString());
            assertEquals(11, a.vlanId());
            assertEquals(1, world.count("SELECT COUNT(*) FROM gateway_binding WHERE instance_id = 'i-1' AND address = " + a.address().value()));
        }

        @Test
        void vlanExhausted() {
            for (int i = 1; i <= 3; i++) {
                world.addAllocatable("i-" + i);
            }
            Set<String> got = new HashSet<>();
            got.add(allocate("i-1", null, "11", null).address().toString());
            got.add(allocate("i-2", null, "11", null).address().toString());
            assertEquals(Set.of("10.0.1.1", "10.0.1.2"), got);
            assertRefused(VLAN_EXHAUSTED, "i-3", null, "11", null);
            assertNotNull(allocate("i-3", null, "10", null), "the region still has room");
        }

        @Test
        void regionExhausted() {
            for (int i = 1; i <= 9; i++) {
                world.addAllocatable("i-" + i);
            }
            Set<String> got = new HashSet<>();
            for (int i = 1; i <= 8; i++) {
                got.add(allocate("i-" + i, null, null, null).address().toString());
            }
            assertEquals(8, got.size());
            assertTrue(got.stream().allMatch(a -> a.startsWith("10.0.0.") || a.startsWith("10.0.1.")), got.toString());
            assertRefused(REGION_EXHAUSTED, "i-9", null, null, null);
        }

        @Test
        void releasedAddressCanBeAllocatedAgain() {
            world.addAllocatable("i-1");
            world.addAllocatable("i-2");
            allocate("i-1", "10.0.1.1", null, null);
            world.release("10.0.1.1");
            assertEquals("10.0.1.1", allocate("i-2", "10.0.1.1", null, null).address().toString());
        }
    }

    @Nested
    class TheGateway {
        @ParameterizedTest
        @EnumSource(Stage.class)
        void aGatewayFailureRollsEverythingBack(Stage stage) {
            world.addAllocatable("i-1");
            faults.arm(stage, 1, "i-1", null, 0);
            assertRefused(stage == Stage.ALLOCATE ? GATEWAY_ALLOCATE_FAILED : GATEWAY_BINDING_FAILED, "i-1", "10.0.0.2", null, null);
            assertEquals(0, world.count("SELECT COUNT(*) FROM allocation"));
            assertEquals("10.0.0.2", allocate("i-1", "10.0.0.2", null, null).address().toString(), "the fault fired once");
        }

        @Test
        void faultsOnlyHitWhatTheyName() {
            world.addAllocatable("i-1");
            world.addAllocatable("i-2");
            faults.arm(Stage.BIND, 5, "i-2", null, 0);
            assertNotNull(allocate("i-1", null, null, null));
            assertRefused(GATEWAY_BINDING_FAILED, "i-2", null, null, null);
            assertEquals(4, faults.list().get(0).remaining());
        }
    }

    @Nested
    class Spreading {
    @Test
    void dynamicPicksAreSpreadNotLowestFirst() {
        // over the six addresses of VLAN 10, the first pick of a fresh pool is not always .1
        Set<String> firstPicks = new HashSet<>();
        for (int round = 0; round < 12; round++) {
            world.reset();
            world.addAllocatable("i-1");
            firstPicks.add(allocate("i-1", null, "10", null).address().toString());
        }
        assertTrue(firstPicks.size() > 1, "first picks: " + firstPicks);
    }
    }
}
