package io.publicip.administration;

import io.publicip.persistence.retry.RetriedTransaction;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A write the database aborts on its first tries; records whether each try ran in a transaction. */
@Singleton
class FlakyWrite {

    private final TransactionOperations<Connection> transactions;
    final List<Boolean> inTransaction = new ArrayList<>();

    FlakyWrite(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    @Transactional
    @RetriedTransaction
    public synchronized String write(int failures) {
        inTransaction.add(transactions.findTransactionStatus().isPresent());
        if (inTransaction.size() <= failures) {
            throw new io.micronaut.data.exceptions.DataAccessException("aborted", new SQLException("could not serialize access", "40001"));
        }
        return "written";
    }
}
