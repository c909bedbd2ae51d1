package io.publicip.persistence.instance;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.ANSI)
public interface InstanceRepository extends CrudRepository<InstanceRow, String> {

    /** The row, locked until the transaction ends. */
    @Query("SELECT * FROM instance WHERE instance_id = :instanceId FOR UPDATE")
    Optional<InstanceRow> findForUpdate(String instanceId);
}
