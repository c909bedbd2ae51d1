package io.publicip.e2e;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/** Fails the test during which a response drifted from the contract. */
public class ContractOnTheWire implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        WireContract.takeViolations();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> violations = WireContract.takeViolations();
        if (!violations.isEmpty()) {
            throw new AssertionError("responses that drift from the contract:\n" + String.join("\n", violations));
        }
    }
}
