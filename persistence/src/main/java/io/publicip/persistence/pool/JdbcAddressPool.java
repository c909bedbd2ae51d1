package io.publicip.persistence.pool;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import io.publicip.allocation.AddressPool;
import io.publicip.allocation.AllocationError;
import io.publicip.allocation.AllocationException;
import io.publicip.allocation.Ipv4Address;
import io.publicip.allocation.PoolAddress;
import io.publicip.persistence.SqlErrors;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pool on its blocks and allocations. To allocate, take a place in a block (the block's row
 * lock orders everything that happens to its addresses), then insert the allocation, whose
 * keys are the final word on uniqueness. A dynamic pick first tries the block of a random
 * address, known from the pool's ranges without reading it (one UPDATE takes it when it has
 * room), then seeks a block with room from a random point of the pool; either way it takes a
 * random free address in the block, so concurrent requests spread over the pool instead of
 * queueing on its lowest free address. The cost is an index seek or two and a block's worth of
 * entries at most, however large or full the pool is.
 */
@Singleton
@Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
class JdbcAddressPool implements AddressPool {

    /** Blocks of random addresses tried straight away (an UPDATE each, no seek) before seeking one with room. */
    private static final int DIRECT_TRIES = 2;
    /** Random starts before falling back to the lowest block with room (a seek from address 0), which always progresses. */
    private static final int RANDOM_STARTS = 8;

    private final PoolRepository pool;
    private final StartPoints startPoints;

    JdbcAddressPool(PoolRepository pool, StartPoints startPoints) {
        this.pool = pool;
        this.startPoints = startPoints;
    }

    @Override
    public boolean hasVlan(String regionId, int vlanId) {
        return pool.existsVlan(vlanId, regionId);
    }

    @Override
    public OptionalInt vlanOf(String regionId, Ipv4Address address) {
        return blockOf(address.value())
                .filter(block -> block.regionId().equals(regionId))
                .map(block -> OptionalInt.of(block.vlanId()))
                .orElse(OptionalInt.empty());
    }

    @Override
    public boolean allocate(Ipv4Address address, String instanceId, Instant at) {
        Optional<BlockRow> block = blockOf(address.value());
        if (block.isEmpty()) {
            return false;
        }
        if (pool.updateTakeFromBlock(block.get().firstAddress()) == 0) {
            if (blockOf(address.value()).isEmpty()) {
                // its VLAN was deleted since the caller found the address in it
                throw new AllocationException(AllocationError.ADDRESS_NOT_IN_REGION_POOLS);
            }
            return false;
        }
        // the block is locked: nobody else can take or free one of its addresses until we end
        if (pool.existsAllocation(address.value())) {
            return false;
        }
        insert(address.value(), block.get(), instanceId, at);
        return true;
    }

    @Override
    public Optional<PoolAddress> allocateNext(String regionId, OptionalInt vlanId, String instanceId, Instant at) {
        List<AddressSpan> ranges = startPoints.of(regionId, vlanId);
        // In a pool with room almost everywhere (most pools, most of the time) the first try
        // takes a block; a full one costs an UPDATE that changes nothing.
        // Each thread keeps to its own random block until it is full (AddressSpan.threadBlock).
        for (int attempt = 0; attempt < DIRECT_TRIES && !ranges.isEmpty(); attempt++) {
            BlockRow block = AddressSpan.threadBlock(ranges, regionId);
            if (pool.updateTakeFromKnownBlock(block.firstAddress(), block.lastAddress(), block.vlanId(), block.regionId()) == 1) {
                return Optional.of(takeIn(block, instanceId, at));
            }
            AddressSpan.moveThreadPoint();
        }
        // Each lost block means other transactions filled it, so the loop ends: with an
        // address, or when no block has room.
        for (int attempt = 0; ; attempt++) {
            long start = attempt < RANDOM_STARTS && !ranges.isEmpty() ? AddressSpan.randomAddress(ranges) : 0;
            Optional<BlockRow> block = findFreeBlock(regionId, vlanId, start);
            if (block.isEmpty() && start > 0) {
                block = findFreeBlock(regionId, vlanId, 0);
            }
            if (block.isEmpty()) {
                return Optional.empty();
            }
            if (pool.updateTakeFromBlock(block.get().firstAddress()) == 1) {
                return Optional.of(takeIn(block.get(), instanceId, at));
            }
        }
    }

    /** A free address of a block we have just taken a place in, given to the instance. */
    private PoolAddress takeIn(BlockRow block, String instanceId, Instant at) {
        long address = freeAddressIn(block);
        insert(address, block, instanceId, at);
        return new PoolAddress(new Ipv4Address(address), block.vlanId());
    }

    @Override
    public Optional<String> holderOf(Ipv4Address address) {
        return pool.findHolder(address.value()).stream().findFirst();
    }

    @Override
    public boolean release(Ipv4Address address, String holder) {
        Optional<BlockRow> block = pool.findBlockOfAllocation(address.value());
        if (block.isEmpty()) {
            return false;
        }
        pool.lockBlock(block.get().firstAddress());
        int deleted = pool.deleteAllocationHeldBy(address.value(), holder);
        if (deleted == 1) {
            pool.updateReturnToBlock(block.get().firstAddress());
            pool.updateUsage(block.get().vlanId(), -1, UsageStripes.pick());
            return true;
        }
        return false;
    }

    private Optional<BlockRow> blockOf(long address) {
        return pool.findBlockAtOrBelow(address).filter(block -> block.contains(address));
    }

    private Optional<BlockRow> findFreeBlock(String regionId, OptionalInt vlanId, long from) {
        return vlanId.isPresent() ? pool.findFreeBlockInVlan(vlanId.getAsInt(), from) : pool.findFreeBlockInRegion(regionId, from);
    }

    /** A free address of a block we hold a place in: a random one, walking on from a random offset. */
    private long freeAddressIn(BlockRow block) {
        Set<Long> held = new HashSet<>(pool.findHeldInBlock(block.firstAddress(), block.lastAddress()));
        long size = block.lastAddress() - block.firstAddress() + 1;
        long offset = ThreadLocalRandom.current().nextLong(size);
        for (long i = 0; i < size; i++) {
            long candidate = block.firstAddress() + (offset + i) % size;
            if (!held.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("block " + new Ipv4Address(block.firstAddress()) + " counts a free address it does not have");
    }

    private void insert(long address, BlockRow block, String instanceId, Instant at) {
        try {
            pool.insertAllocation(address, block.firstAddress(), block.vlanId(), block.regionId(), instanceId, at);
        } catch (RuntimeException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                // the block lock rules out a second holder of the address, so it is the
                // instance's unique key that refused: it holds another address
                throw new AllocationException(AllocationError.ALLOCATED_ALREADY, e);
            }
            throw e;
        }
        pool.updateUsage(block.vlanId(), 1, UsageStripes.pick());
    }
}
