package io.publicip.allocation;

/**
 * What a caller asked for, as given: the rules, not the caller, decide whether the values are
 * acceptable, so that every caller gets the same answers in the same order.
 *
 * @param instanceId the instance to give an address to; null or empty when absent
 * @param ipAddress  the exact address wanted; null for any free one
 * @param vlanId     the VLAN to take it from; null for any pool of the region
 * @param regionId   the region the caller works in; null for the instance's own
 */
public record AllocationRequest(String instanceId, String ipAddress, String vlanId, String regionId) {
}
