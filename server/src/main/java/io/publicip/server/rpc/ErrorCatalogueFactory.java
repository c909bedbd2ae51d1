package io.publicip.server.rpc;

import io.micronaut.context.annotation.Factory;
import io.publicip.contract.ErrorCatalogue;
import jakarta.inject.Singleton;

@Factory
class ErrorCatalogueFactory {

    /** Read once from the contract in the api-spec jar. */
    @Singleton
    ErrorCatalogue errorCatalogue() {
        return ErrorCatalogue.load();
    }
}
