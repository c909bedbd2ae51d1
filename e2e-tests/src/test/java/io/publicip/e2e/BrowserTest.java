package io.publicip.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebDriver;

import java.util.Map;

/** A test of a page in headless Chromium, against a packaged server of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {

    Deployment server;
    WebDriver browser;

    /** Starts the server with the environment given, and the browser with a window of that size; skips where either cannot be. */
    void open(String name, Map<String, String> environment, int width, int height) {
        Assumptions.assumeTrue(Deployment.targetsPackagedServer(), "needs a server of its own");
        HeadlessChromium.assumeInstalled();
        server = Deployment.startPackaged(name, environment);
        browser = HeadlessChromium.start(width, height);
    }

    @AfterAll
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop();
        }
    }
}
