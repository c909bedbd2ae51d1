package io.publicip.persistence.pool;

/**
 * How the pool cuts a range's usable addresses into blocks, the rows of {@code address_block}:
 * every {@link #SIZE} addresses from the range's lowest, the last block cut at its highest.
 * The operator's side writes the blocks this way, and a dynamic allocation works out a block's
 * bounds the same way without reading the block, so both take the layout from here.
 */
public final class BlockLayout {

    /** Addresses per block; the schema's {@code address_block_size} check allows no more. */
    public static final int SIZE = 256;

    private BlockLayout() {
    }

    /** The first address of the block holding {@code address}, in a range whose lowest usable address is {@code rangeLow}. */
    public static long firstOfBlock(long rangeLow, long address) {
        return rangeLow + (address - rangeLow) / SIZE * SIZE;
    }

    /** The last address of the block starting at {@code first}, in a range whose highest usable address is {@code rangeHigh}. */
    public static long lastOfBlock(long first, long rangeHigh) {
        return Math.min(first + SIZE - 1, rangeHigh);
    }
}
