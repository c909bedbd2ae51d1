package io.publicip.server.operator.state;

import io.publicip.allocation.Ipv4Address;
import io.publicip.administration.OperatorRejection;
import io.publicip.administration.inventory.InventorySnapshot;
import io.publicip.server.generated.operator.model.AccessKeyEntry;
import io.publicip.server.generated.operator.model.Allocation;
import io.publicip.server.generated.operator.model.InventoryDocument;
import io.publicip.server.generated.operator.model.Vlan;
import io.publicip.server.operator.Cidrs;
import io.publicip.server.operator.instances.InstanceModels;

import java.time.ZoneOffset;
import java.util.List;

/** Between the inventory document of the contract and the snapshot the store takes. */
final class InventoryDocuments {

    private InventoryDocuments() {
    }

    static InventoryDocument toDocument(InventorySnapshot snapshot) {
        return new InventoryDocument(
                snapshot.instances().stream().map(InstanceModels::toModel).toList(),
                snapshot.vlans().stream().map(v -> new Vlan(v.vlanId(), v.regionId(), v.ranges().stream().map(Object::toString).toList())).toList(),
                snapshot.allocations().stream().map(a -> new Allocation(a.address().toString(), a.instanceId())
                        .allocatedAt(a.allocatedAt().atOffset(ZoneOffset.UTC)).inEffect(a.inEffect())).toList())
                .accessKeys(snapshot.accessKeys().stream().map(k -> new AccessKeyEntry(k.accessKeyId()).enabled(k.enabled())).toList());
    }

    static InventorySnapshot toSnapshot(InventoryDocument document) {
        List<InventorySnapshot.VlanSpec> vlans = document.getVlans().stream()
                .map(v -> new InventorySnapshot.VlanSpec(v.getVlanId(), v.getRegionId(), Cidrs.parse(v.getCidrs()))).toList();
        List<InventorySnapshot.AllocationSpec> allocations = document.getAllocations().stream()
                .map(a -> new InventorySnapshot.AllocationSpec(
                        Ipv4Address.parseCanonical(a.getIpAddress())
                                .orElseThrow(() -> OperatorRejection.invalid("allocation ipAddress " + a.getIpAddress() + " is not an IPv4 address")),
                        a.getInstanceId(),
                        a.getAllocatedAt() == null ? null : a.getAllocatedAt().toInstant(),
                        Boolean.TRUE.equals(a.getInEffect())))
                .toList();
        List<InventorySnapshot.KeySpec> keys = document.getAccessKeys() == null ? List.of() : document.getAccessKeys().stream()
                .map(k -> new InventorySnapshot.KeySpec(k.getAccessKeyId(), k.getSecret(), !Boolean.FALSE.equals(k.getEnabled()))).toList();
        return new InventorySnapshot(document.getInstances().stream().map(InstanceModels::toDomain).toList(), vlans, allocations, keys);
    }
}
