package io.publicip.allocation;

/**
 * What a ReleasePublicIpAddress caller asked for, as given: the rules decide whether the values
 * are acceptable, as for an allocation.
 *
 * @param publicIpAddress the address to release; null or empty when absent
 * @param instanceId      the instance that must hold it; null or empty for whichever does
 * @param regionId        the region the caller works in; null for the holder's own
 * @param dryRun          the DryRun parameter as sent; "true" (any case) checks without releasing
 */
public record ReleaseRequest(String publicIpAddress, String instanceId, String regionId, String dryRun) {
}
