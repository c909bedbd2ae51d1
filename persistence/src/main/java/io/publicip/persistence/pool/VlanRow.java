package io.publicip.persistence.pool;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity(value = "vlan", escape = false)
public record VlanRow(@Id int vlanId, String regionId) {
}
