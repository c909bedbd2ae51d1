package io.publicip.persistence.gateway;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;

@JdbcRepository(dialect = Dialect.ANSI)
public interface GatewayBindingRepository extends GenericRepository<GatewayBindingRow, Long> {

    @Query("INSERT INTO gateway_binding (address, instance_id, bound_at) VALUES (:address, :instanceId, :boundAt)")
    void insertBinding(long address, String instanceId, Instant boundAt);

    @Query("DELETE FROM gateway_binding WHERE address = :address")
    int deleteBinding(long address);
}
