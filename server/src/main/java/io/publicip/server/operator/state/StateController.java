package io.publicip.server.operator.state;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.publicip.administration.OperatorRejection;
import io.publicip.administration.inventory.Inventory;
import io.publicip.persistence.repair.Audit;
import io.publicip.persistence.repair.Reconciliation;
import io.publicip.server.generated.operator.api.AbstractStateController;
import io.publicip.server.generated.operator.model.InventoryDocument;
import io.publicip.server.generated.operator.model.StateAudit;

@Controller
public class StateController extends AbstractStateController {

    private final Inventory inventory;
    private final Reconciliation reconciliation;

    public StateController(Inventory inventory, Reconciliation reconciliation) {
        this.inventory = inventory;
        this.reconciliation = reconciliation;
    }

    @Override
    public HttpResponse<StateAudit> auditState() {
        Audit audit = reconciliation.audit();
        return HttpResponse.ok(new StateAudit(audit.allocations(), audit.bindings(), audit.allocationsWithoutBinding(),
                audit.bindingsWithoutAllocation(), audit.blocksMiscounted(), audit.vlansMiscounted()));
    }

    @Override
    public HttpResponse<InventoryDocument> exportState() {
        return HttpResponse.ok(InventoryDocuments.toDocument(inventory.export()));
    }

    @Override
    public HttpResponse<Void> importState(InventoryDocument document) {
        inventory.importSnapshot(InventoryDocuments.toSnapshot(document));
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<Void> resetState(String to) {
        switch (to) {
            case "empty" -> inventory.clear();
            case "demo" -> inventory.resetToDemo();
            default -> throw OperatorRejection.invalid("reset to 'empty' or 'demo', not '" + to + "'");
        }
        return HttpResponse.noContent();
    }
}
