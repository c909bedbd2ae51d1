package io.publicip.persistence.repair;

/** What one reconciliation pass fixed. */
public record RepairReport(int bindingsRemoved, int bindingsRestored, int blocksRecounted) {

    public boolean fixedAnything() {
        return bindingsRemoved + bindingsRestored + blocksRecounted > 0;
    }
}
