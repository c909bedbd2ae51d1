package io.publicip.e2e;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's Chromium, headless, driven by its chromedriver (.ci/run installs both). */
final class HeadlessChromium {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private HeadlessChromium() {
    }

    /** Skips the calling test when the browser is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
    }

    static WebDriver start(int width, int height) {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                        "--window-size=" + width + "," + height);
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build(), options);
    }

    /** Saves what the browser shows as target/e2e/{name}.png; returns where, or why not. */
    static String screenshot(WebDriver browser, String name) {
        try {
            Path png = Files.createDirectories(Path.of(System.getProperty("publicip.e2e.work-dir", "target/e2e"))).resolve(name + ".png");
            Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            return png.toString();
        } catch (IOException | RuntimeException e) {
            return "not taken: " + e;
        }
    }
}
