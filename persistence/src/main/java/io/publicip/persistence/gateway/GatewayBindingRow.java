package io.publicip.persistence.gateway;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

@MappedEntity(value = "gateway_binding", escape = false)
public record GatewayBindingRow(@Id long address, String instanceId, Instant boundAt) {
}
