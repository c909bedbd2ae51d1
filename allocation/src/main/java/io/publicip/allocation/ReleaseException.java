package io.publicip.allocation;

/** A release refused by a rule. Unchecked so that it rolls back the transaction it leaves. */
public class ReleaseException extends RuntimeException {

    private final ReleaseError error;

    public ReleaseException(ReleaseError error) {
        super(error.name(), null, false, false);
        this.error = error;
    }

    public ReleaseError error() {
        return error;
    }
}
