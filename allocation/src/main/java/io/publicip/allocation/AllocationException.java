package io.publicip.allocation;

/**
 * An allocation refused by a rule. Unchecked so that it rolls back the transaction it leaves.
 */
public class AllocationException extends RuntimeException {

    private final AllocationError error;

    public AllocationException(AllocationError error) {
        this(error, null);
    }

    public AllocationException(AllocationError error, Throwable cause) {
        super(error.name(), cause, false, false);
        this.error = error;
    }

    public AllocationError error() {
        return error;
    }
}
