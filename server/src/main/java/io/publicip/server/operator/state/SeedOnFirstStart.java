package io.publicip.server.operator.state;

import io.publicip.server.ServerSettings;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.event.annotation.EventListener;
import io.publicip.administration.inventory.DemoInventory;
import io.publicip.administration.inventory.Inventory;
import io.publicip.server.generated.operator.model.InventoryDocument;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Fills an empty database at start-up: from the seed file when one is configured (an inventory
 * document in JSON or YAML, the format of GET /v1/state), else with the demo inventory unless
 * that is turned off. A database with anything in it is left alone, so state survives restarts.
 */
@Singleton
class SeedOnFirstStart {

    private static final Logger LOG = LoggerFactory.getLogger(SeedOnFirstStart.class);

    private final Inventory inventory;
    private final DemoInventory demo;
    private final JsonMapper json;
    private final String seedFile;
    private final boolean demoEnabled;

    SeedOnFirstStart(Inventory inventory, DemoInventory demo, JsonMapper json,
                     ServerSettings settings, DemoInventorySettings demoSettings) {
        this.inventory = inventory;
        this.demo = demo;
        this.json = json;
        this.seedFile = settings.seedFile();
        this.demoEnabled = demoSettings.enabled();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (!inventory.isEmpty()) {
            return;
        }
        if (seedFile != null && !seedFile.isBlank()) {
            InventoryDocument document = read(Path.of(seedFile));
            inventory.importSnapshot(InventoryDocuments.toSnapshot(document));
            LOG.info("Loaded the seed file {}: {} instances, {} VLANs, {} allocations", seedFile,
                    document.getInstances().size(), document.getVlans().size(), document.getAllocations().size());
        } else if (demoEnabled) {
            demo.load();
            LOG.info("Loaded the demo inventory: {} instances in {} and {}, VLANs 100, 101 and 200",
                    DemoInventory.instances().size(), DemoInventory.REGION, DemoInventory.OTHER_REGION);
        }
    }

    /** JSON, or YAML when the name ends in .yaml or .yml (YAML is read, then handled as JSON). */
    InventoryDocument read(Path file) {
        try {
            String text = Files.readString(file);
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
                // the JSON mapper writes UTF-8
                text = new String(json.writeValueAsBytes(tree), StandardCharsets.UTF_8);
            }
            return json.readValue(text, InventoryDocument.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seed file " + file, e);
        }
    }
}
