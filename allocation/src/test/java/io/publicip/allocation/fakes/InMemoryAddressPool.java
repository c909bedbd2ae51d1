package io.publicip.allocation.fakes;

import io.publicip.allocation.AddressPool;
import io.publicip.allocation.AddressRange;
import io.publicip.allocation.AllocationError;
import io.publicip.allocation.AllocationException;
import io.publicip.allocation.Ipv4Address;
import io.publicip.allocation.PoolAddress;
import io.publicip.allocation.VlanNumber;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;

/**
 * The address pools in memory, with the contract of {@code JdbcAddressPool}:
 * <ul>
 *   <li>a VLAN has a number unique over all regions and one or more non-overlapping CIDR
 *       ranges; only a range's usable part (no network or broadcast address in a /30 or wider)
 *       is in the pool;</li>
 *   <li>an address has at most one holder and an instance holds at most one address (the two
 *       keys of the {@code allocation} table);</li>
 *   <li>{@link #allocate} answers false when the address is in no pool or held by anyone (the
 *       instance itself included), and throws {@code ALLOCATED_ALREADY} when the address is
 *       free but the instance holds another;</li>
 *   <li>{@link #allocateNext} answers empty when nothing is free (before looking at the
 *       instance), and throws {@code ALLOCATED_ALREADY} when the instance holds another; it picks
 *       a pseudo-random free address (seeded: the same seed gives the same picks), not always the
 *       lowest;</li>
 *   <li>{@link #release} frees the address only for its holder.</li>
 * </ul>
 * Every port method must run inside {@link InMemoryTransactions#run}; the set-up methods
 * ({@link #addVlan}, {@link #hold}) need not.
 */
public final class InMemoryAddressPool implements AddressPool, InMemoryTransactions.Participant {

    private record Vlan(int vlanId, String regionId, List<AddressRange> ranges) {

        long usableCount() {
            return ranges.stream().mapToLong(AddressRange::usableCount).sum();
        }

        /** The index-th usable address, counting range after range. */
        Ipv4Address usable(long index) {
            for (AddressRange range : ranges) {
                if (index < range.usableCount()) {
                    return new Ipv4Address(range.firstUsable().value() + index);
                }
                index -= range.usableCount();
            }
            throw new IndexOutOfBoundsException();
        }

        boolean contains(Ipv4Address address) {
            return ranges.stream().anyMatch(r -> r.firstUsable().compareTo(address) <= 0 && address.compareTo(r.lastUsable()) <= 0);
        }
    }

    /** One allocation: who holds the address, from which VLAN, since when. */
    public record Holding(Ipv4Address address, int vlanId, String instanceId, Instant allocatedAt) {
    }

    private final InMemoryTransactions transactions;
    private final Random random;
    private final Map<Integer, Vlan> vlans = new TreeMap<>();
    private final Map<Ipv4Address, Holding> byAddress = new TreeMap<>();
    private final Map<String, Ipv4Address> byInstance = new HashMap<>();

    public InMemoryAddressPool(InMemoryTransactions transactions, long seed) {
        this.transactions = transactions;
        this.random = new Random(seed);
        transactions.enlist(this);
    }

    // --- set-up, outside any transaction ---------------------------------------------------

    public InMemoryAddressPool addVlan(int vlanId, String regionId, String... cidrs) {
        if (!VlanNumber.isValid(vlanId) || vlans.containsKey(vlanId)) {
            throw new IllegalArgumentException("VLAN number out of range or taken: " + vlanId);
        }
        List<AddressRange> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            AddressRange range = AddressRange.parse(cidr);
            boolean clash = ranges.stream().anyMatch(range::overlaps)
                    || vlans.values().stream().flatMap(v -> v.ranges().stream()).anyMatch(range::overlaps);
            if (clash) {
                throw new IllegalArgumentException(range + " overlaps a range of the pool");
            }
            ranges.add(range);
        }
        vlans.put(vlanId, new Vlan(vlanId, regionId, List.copyOf(ranges)));
        return this;
    }

    /** Gives the address to the instance as a committed allocation would have. */
    public void hold(String address, String instanceId, Instant at) {
        Ipv4Address ip = Ipv4Address.of(address);
        Vlan vlan = vlanContaining(ip).orElseThrow(() -> new IllegalArgumentException(address + " is in no pool"));
        if (byAddress.containsKey(ip) || byInstance.containsKey(instanceId)) {
            throw new IllegalStateException(address + " or " + instanceId + " is taken");
        }
        put(new Holding(ip, vlan.vlanId(), instanceId, at));
    }

    /** The usable addresses of the VLAN nobody holds. */
    public List<Ipv4Address> freeIn(int vlanId) {
        Vlan vlan = vlans.get(vlanId);
        List<Ipv4Address> free = new ArrayList<>();
        for (long i = 0; i < vlan.usableCount(); i++) {
            if (!byAddress.containsKey(vlan.usable(i))) {
                free.add(vlan.usable(i));
            }
        }
        return free;
    }

    public List<Integer> vlansOf(String regionId) {
        return vlans.values().stream().filter(v -> v.regionId().equals(regionId)).map(Vlan::vlanId).toList();
    }

    public String regionOf(int vlanId) {
        return vlans.get(vlanId).regionId();
    }

    // --- reads for assertions, outside any transaction -------------------------------------

    /** Every allocation, by address. */
    public Map<Ipv4Address, Holding> holdings() {
        return Map.copyOf(byAddress);
    }

    /** The address the instance holds, as the directory reads it beside the instance. */
    public Optional<Ipv4Address> addressOf(String instanceId) {
        return Optional.ofNullable(byInstance.get(instanceId));
    }

    // --- the port --------------------------------------------------------------------------

    @Override
    public boolean hasVlan(String regionId, int vlanId) {
        transactions.requireActive();
        Vlan vlan = vlans.get(vlanId);
        return vlan != null && vlan.regionId().equals(regionId);
    }

    @Override
    public OptionalInt vlanOf(String regionId, Ipv4Address address) {
        transactions.requireActive();
        return vlanContaining(address)
                .filter(v -> v.regionId().equals(regionId))
                .map(v -> OptionalInt.of(v.vlanId()))
                .orElse(OptionalInt.empty());
    }

    @Override
    public boolean allocate(Ipv4Address address, String instanceId, Instant at) {
        transactions.requireActive();
        Optional<Vlan> vlan = vlanContaining(address);
        if (vlan.isEmpty() || byAddress.containsKey(address)) {
            return false;
        }
        take(new Holding(address, vlan.get().vlanId(), instanceId, at));
        return true;
    }

    @Override
    public Optional<PoolAddress> allocateNext(String regionId, OptionalInt vlanId, String instanceId, Instant at) {
        transactions.requireActive();
        List<Vlan> candidates = vlanId.isPresent()
                ? Optional.ofNullable(vlans.get(vlanId.getAsInt())).stream().toList()
                : vlans.values().stream().filter(v -> v.regionId().equals(regionId)).toList();
        long size = candidates.stream().mapToLong(Vlan::usableCount).sum();
        if (size == 0) {
            return Optional.empty();
        }
        long start = Math.floorMod(random.nextLong(), size);
        for (long i = 0; i < size; i++) {
            long index = (start + i) % size;
            for (Vlan vlan : candidates) {
                if (index < vlan.usableCount()) {
                    Ipv4Address candidate = vlan.usable(index);
                    if (!byAddress.containsKey(candidate)) {
                        take(new Holding(candidate, vlan.vlanId(), instanceId, at));
                        return Optional.of(new PoolAddress(candidate, vlan.vlanId()));
                    }
                    break;
                }
                index -= vlan.usableCount();
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> holderOf(Ipv4Address address) {
        transactions.requireActive();
        return Optional.ofNullable(byAddress.get(address)).map(Holding::instanceId);
    }

    @Override
    public boolean release(Ipv4Address address, String holder) {
        transactions.requireActive();
        Holding holding = byAddress.get(address);
        if (holding == null || !holding.instanceId().equals(holder)) {
            return false;
        }
        byAddress.remove(address);
        byInstance.remove(holder);
        return true;
    }

    @Override
    public Runnable snapshot() {
        Map<Ipv4Address, Holding> addresses = new TreeMap<>(byAddress);
        Map<String, Ipv4Address> instances = new HashMap<>(byInstance);
        return () -> {
            byAddress.clear();
            byAddress.putAll(addresses);
            byInstance.clear();
            byInstance.putAll(instances);
        };
    }

    /** The insert of an allocation row: the instance's unique key refuses a second address. */
    private void take(Holding holding) {
        if (byInstance.containsKey(holding.instanceId())) {
            throw new AllocationException(AllocationError.ALLOCATED_ALREADY);
        }
        put(holding);
    }

    private void put(Holding holding) {
        byAddress.put(holding.address(), holding);
        byInstance.put(holding.instanceId(), holding.address());
    }

    private Optional<Vlan> vlanContaining(Ipv4Address address) {
        return vlans.values().stream().filter(v -> v.contains(address)).findFirst();
    }
}
