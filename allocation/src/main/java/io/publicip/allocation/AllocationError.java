package io.publicip.allocation;

/**
 * Why an allocation was refused. Each carries the cloud's exact error code, and a variant
 * where one code has several documented messages ({@code OperationDenied}); together they name
 * one row of the contract's error catalogue.
 */
public enum AllocationError {
    MISSING_INSTANCE_ID("MissingParameter"),
    MALFORMED_IP_ADDRESS("InvalidIpAddress.Malformed"),
    INVALID_VLAN_ID("OperationDenied.VlanId"),
    INSTANCE_NOT_FOUND("InvalidInstanceId.NotFound"),
    INSTANCE_LOCKED_FOR_SECURITY("InstanceLockedForSecurity"),
    INSTANCE_EXPIRED_OR_IN_ARREARS("InstanceExpiredOrInArrears"),
    INCORRECT_INSTANCE_STATUS("IncorrectInstanceStatus"),
    VPC_INSTANCE_WITH_EIP("OperationDenied.InstanceInVpc"),
    ALLOCATED_ALREADY("AllocatedAlready"),
    INVALID_INSTANCE_BANDWIDTH("AllocateIpInvalidInstanceBandwidth"),
    VLAN_NOT_FOUND("InvalidVlanId.NotFound"),
    ADDRESS_NOT_IN_REGION_POOLS("InsufficientPublicIp"),
    ADDRESS_NOT_IN_VLAN("InvalidIpAddress.NotFound"),
    IP_IN_USE("IpInUse"),
    VLAN_EXHAUSTED("OperationDenied.VlanId"),
    REGION_EXHAUSTED("InsufficientPublicIp"),
    GATEWAY_ALLOCATE_FAILED("NAT_PUBLIC_IP_ALLOCATE_FAILED"),
    GATEWAY_BINDING_FAILED("NAT_PUBLIC_IP_BINDING_FAILED");

    private final String errorKey;

    AllocationError(String errorKey) {
        this.errorKey = errorKey;
    }

    /** The cloud's code, with the variant after it where a code has several messages. */
    public String errorKey() {
        return errorKey;
    }
}
