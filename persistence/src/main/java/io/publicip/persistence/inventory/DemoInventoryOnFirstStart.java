package io.publicip.persistence.inventory;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the demo inventory into an empty database, so that a first request works at once. */
@Singleton
@Requires(property = "publicip.demo-inventory.enabled", value = "true", defaultValue = "true")
class DemoInventoryOnFirstStart {

    private static final Logger LOG = LoggerFactory.getLogger(DemoInventoryOnFirstStart.class);

    private final DemoInventory demo;

    DemoInventoryOnFirstStart(DemoInventory demo) {
        this.demo = demo;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (demo.databaseIsEmpty()) {
            demo.load();
            LOG.info("Loaded the demo inventory: {} instances in {} and {}, VLANs 100, 101 and 200",
                    DemoInventory.instances().size(), DemoInventory.REGION, DemoInventory.OTHER_REGION);
        }
    }
}
