package io.publicip.persistence.retry;

import io.micronaut.data.exceptions.DataAccessException;
import org.h2.mvstore.DataUtils;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a retry may get past, read off the failures the two databases give. */
class TransactionRetryCauseTest {

    @Test
    void h2sMarkOnADeadlocksVictimIsADeadlock() {
        RuntimeException store = DataUtils.newMVStoreException(DataUtils.ERROR_TRANSACTION_ILLEGAL_STATE,
                "Transaction {0} has status {1}, not OPEN", 2, "ROLLING_BACK");
        assertEquals(Optional.of(TransactionRetry.Cause.DEADLOCK),
                TransactionRetry.causeOf(new DataAccessException("Error executing SQL", new SQLException("General error", "HY000", 50000, store))));
        assertEquals(Optional.of(TransactionRetry.Cause.DEADLOCK), TransactionRetry.causeOf(new DataAccessException("Error executing SQL",
                new SQLException("General error: \"Transaction 2 has status ROLLING_BACK, not OPEN [2.3.232/103]\"", "HY000", 50000))));
    }

    @Test
    void otherIllegalStatesAndGeneralErrorsAreNotRetried() {
        RuntimeException closed = DataUtils.newMVStoreException(DataUtils.ERROR_TRANSACTION_ILLEGAL_STATE,
                "Transaction {0} has status {1}, not OPEN", 2, "CLOSED");
        assertEquals(Optional.empty(), TransactionRetry.causeOf(new SQLException("General error", "HY000", 50000, closed)));
        assertEquals(Optional.empty(), TransactionRetry.causeOf(new SQLException("General error: something else", "HY000", 50000)));
    }

    @Test
    void deadlocksAndSerializationFailures() {
        assertEquals(Optional.of(TransactionRetry.Cause.DEADLOCK), TransactionRetry.causeOf(new SQLException("deadlock detected", "40P01")));
        assertEquals(Optional.of(TransactionRetry.Cause.SERIALIZATION),
                TransactionRetry.causeOf(new SQLException("could not serialize access", "40001")));
        assertEquals(Optional.of(TransactionRetry.Cause.DEADLOCK), TransactionRetry.causeOf(new SQLException("Deadlock detected", "40001", 40001)));
    }
}
