package io.publicip.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API reference in a real browser (headless Chromium): the page loads the public contract,
 * shows the operation, and "Try it out" sends a request to the live server and shows its answer.
 * The server runs without signature checks, so the answer is an allocation.
 */
class ApiReferenceBrowserTest extends BrowserTest {


    @BeforeAll
    void start() {
        open("browser", Map.of("PUBLICIP_SIGNATURE_ENABLED", "false"), 1280, 2000);
    }

    @Test
    void tryItOutAllocatesOnTheLiveServer() {
        browser.get(server.operatorUrl() + "/api-docs/index.html");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement operation = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("operations-Ecs-allocatePublicIpAddress")));
        operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        wait.until(ExpectedConditions.elementToBeClickable(
                wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(operation, By.cssSelector("button.try-out__btn"))))).click();
        wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(operation, By.cssSelector("button.execute")));
        // the page fills every parameter with the contract's example: keep only what this request needs
        for (WebElement input : operation.findElements(By.cssSelector("tr[data-param-name] input"))) {
            erase(input);
        }
        fill(operation, "Action", "AllocatePublicIpAddress");
        fill(operation, "InstanceId", "i-demo-running-04");
        fill(operation, "Format", "JSON");
        operation.findElement(By.cssSelector("button.execute")).click();
        WebElement status = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(operation,
                By.cssSelector(".live-responses-table .response .response-col_status")));
        String body;
        try {
            body = wait.until(d -> {
                String text = operation.findElement(By.cssSelector(".live-responses-table")).getText();
                return text.contains("IpAddress") ? text : null;
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no allocation shown; the operation reads: " + operation.getText() + "\nscreenshot: " + screenshot(), e);
        }
        assertTrue(status.getText().trim().startsWith("200"), status.getText() + " " + body);
        assertTrue(body.matches("(?s).*\"IpAddress\"\\s*:\\s*\"\\d+\\.\\d+\\.\\d+\\.\\d+\".*"), body);
        assertTrue(body.contains("RequestId"), body);
    }

    private String screenshot() {
        return HeadlessChromium.screenshot(browser, "api-reference");
    }

    /** Types a value into the parameter's input (or picks it in its select), replacing any example. */
    private static void fill(WebElement operation, String parameter, String value) {
        WebElement row = operation.findElement(By.cssSelector("tr[data-param-name='" + parameter + "']"));
        var selects = row.findElements(By.tagName("select"));
        if (!selects.isEmpty()) {
            new org.openqa.selenium.support.ui.Select(selects.get(0)).selectByVisibleText(value);
            return;
        }
        WebElement input = row.findElement(By.tagName("input"));
        erase(input);
        input.sendKeys(value);
    }

    /** Empties an input as a user would: clear() bypasses the page's (React) state and is undone. */
    private static void erase(WebElement input) {
        input.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.DELETE);
    }
}
