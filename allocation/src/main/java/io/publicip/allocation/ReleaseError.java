package io.publicip.allocation;

/**
 * Why a release was refused. The seed documents no errors for ReleasePublicIpAddress: these are
 * this project's choice (the contract marks them so), reusing a documented code where its
 * meaning carries over, and the code the cloud's own page gives for an address not found.
 */
public enum ReleaseError {
    MISSING_PUBLIC_IP_ADDRESS("MissingParameter.PublicIpAddress"),
    MALFORMED_PUBLIC_IP_ADDRESS("InvalidIpAddress.Malformed.PublicIpAddress"),
    INSTANCE_NOT_FOUND("InvalidInstanceId.NotFound"),
    INSTANCE_LOCKED_FOR_SECURITY("InstanceLockedForSecurity"),
    ADDRESS_NOT_HELD("InvalidIpAddress.NotFound.NotHeld"),
    DRY_RUN("DryRunOperation");

    private final String errorKey;

    ReleaseError(String errorKey) {
        this.errorKey = errorKey;
    }

    /** The code, with the variant after it where a code has several messages. */
    public String errorKey() {
        return errorKey;
    }
}
