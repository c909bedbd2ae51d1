package io.publicip.persistence.repair;

/**
 * The pool's invariants, read in one snapshot: every figure but the first two is 0 when they
 * hold.
 */
public record Audit(long allocations, long bindings, long allocationsWithoutBinding, long bindingsWithoutAllocation,
                    long blocksMiscounted, long vlansMiscounted) {

    public boolean holds() {
        return allocationsWithoutBinding == 0 && bindingsWithoutAllocation == 0 && blocksMiscounted == 0 && vlansMiscounted == 0;
    }
}
