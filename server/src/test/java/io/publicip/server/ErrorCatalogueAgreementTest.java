package io.publicip.server;

import io.publicip.allocation.AllocationError;
import io.publicip.allocation.ReleaseError;
import io.publicip.contract.ErrorCatalogue;
import io.publicip.server.rpc.ProtocolErrors;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The server and the contract agree on the errors: every error the server can answer with is a
 * row of the contract's catalogue, and every row is one the server can answer with.
 */
class ErrorCatalogueAgreementTest {

    @Test
    void serverErrorsAndContractRowsAreTheSameSet() {
        Set<String> emitted = new HashSet<>(ProtocolErrors.ALL);
        Arrays.stream(AllocationError.values()).map(AllocationError::errorKey).forEach(emitted::add);
        Arrays.stream(ReleaseError.values()).map(ReleaseError::errorKey).forEach(emitted::add);
        Set<String> documented = new HashSet<>();
        ErrorCatalogue.load().entries().forEach(e -> documented.add(e.key()));

        Set<String> undocumented = new TreeSet<>(emitted);
        undocumented.removeAll(documented);
        Set<String> neverSent = new TreeSet<>(documented);
        neverSent.removeAll(emitted);
        assertEquals(Set.of(), undocumented, "the server sends rows the contract does not document");
        assertEquals(Set.of(), neverSent, "the contract documents rows the server never sends");
    }

    /** The seed documents no errors for ReleasePublicIpAddress: its own rows say they are this project's choice. */
    @Test
    void rowsTheSeedDoesNotDocumentAreMarkedAsTheProjectsChoice() throws Exception {
        Set<String> seedDocument = new HashSet<>();
        try (var in = ErrorCatalogue.class.getClassLoader().getResourceAsStream(ErrorCatalogue.CONTRACT_RESOURCE)) {
            ErrorCatalogue.read(in).entries().forEach(e -> seedDocument.add(e.key()));
        }
        for (ErrorCatalogue.Entry entry : ErrorCatalogue.load().entries()) {
            assertEquals(!seedDocument.contains(entry.key()), entry.projectChoice(), entry.key());
        }
    }
}
