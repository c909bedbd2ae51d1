package io.publicip.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator dashboard in headless Chromium, on a server that wants an operator token: the
 * page asks for the token, then shows each VLAN's utilisation; an allocation and an armed fault
 * made behind its back appear without a reload. Leaves target/e2e/dashboard.png (the picture in
 * docs/ is one of these).
 */
class DashboardBrowserTest extends BrowserTest {

    static final String TOKEN = "dashboard-test-token";

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        open("dashboard", Map.of("PUBLICIP_SIGNATURE_ENABLED", "false", "PUBLICIP_OPERATOR_TOKEN", TOKEN), 1100, 900);
    }

    @Test
    void showsUtilisationRecentAllocationsAndFaultsLive() throws Exception {
        browser.get(server.operatorUrl() + "/dashboard/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        // the operator API refuses the page's reads until it has the token
        WebElement tokenField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-value")));
        assertTrue(browser.findElement(By.id("status")).getText().contains("token"), browser.findElement(By.id("status")).getText());
        tokenField.sendKeys(TOKEN);
        browser.findElement(By.cssSelector("#token button")).click();

        awaitText(wait, "#vlans tbody", text -> text.contains("cn-hangzhou"));
        int allocatedBefore = allocatedIn("cn-hangzhou");
        assertTrue(browser.findElements(By.cssSelector("#vlans .bar")).size() >= 3, "a bar per VLAN");

        List<String> addresses = new ArrayList<>();
        for (String instance : List.of("i-demo-running-01", "i-demo-running-02", "i-demo-running-03")) {
            addresses.add(allocate(instance));
        }
        String fault = operatorPost("/v1/gateway-faults",
                "{\"failure\":\"NAT_PUBLIC_IP_BINDING_FAILED\",\"times\":3,\"instanceId\":\"i-nobody\"}");

        // no reload: the page's own refresh brings all of it
        String recent = awaitText(wait, "#recent tbody", text -> addresses.stream().allMatch(text::contains));
        // by instance: one address can be the prefix of another (112.124.10.2 and 112.124.10.211, in a CI run)
        assertTrue(recent.indexOf("i-demo-running-03") < recent.indexOf("i-demo-running-01"), "newest first: " + recent);
        assertTrue(recent.contains("i-demo-running-03"), recent);
        String faults = awaitText(wait, "#faults tbody", text -> text.contains("NAT_PUBLIC_IP_BINDING_FAILED"));
        assertTrue(faults.contains("i-nobody") && faults.contains("3 / 3"), faults);
        assertTrue(fault.contains("\"id\""), fault);
        try {
            wait.until(d -> allocatedIn("cn-hangzhou") == allocatedBefore + 3);
        } catch (TimeoutException e) {
            throw new AssertionError("allocated in cn-hangzhou: " + allocatedIn("cn-hangzhou") + ", expected " + (allocatedBefore + 3), e);
        }
        HeadlessChromium.screenshot(browser, "dashboard");
    }

    private String awaitText(WebDriverWait wait, String css, Function<String, Boolean> until) {
        try {
            return wait.until(d -> {
                String text = d.findElement(By.cssSelector(css)).getText();
                return until.apply(text) ? text : null;
            });
        } catch (TimeoutException e) {
            throw new AssertionError(css + " reads: " + browser.findElement(By.cssSelector(css)).getText()
                    + "\nstatus: " + browser.findElement(By.id("status")).getText()
                    + "\nscreenshot: " + HeadlessChromium.screenshot(browser, "dashboard-failed"), e);
        }
    }

    /**
     * The sum of the "allocated" column over the region's rows of the VLAN table, read in one
     * script: the page replaces the table's rows on every refresh, so rows found by one WebDriver
     * call can be gone by the next (CI saw a StaleElementReferenceException); a script runs
     * between two refreshes, never across one.
     */
    private int allocatedIn(String region) {
        Object sum = ((JavascriptExecutor) browser).executeScript("""
                let sum = 0;
                for (const row of document.querySelectorAll("#vlans tbody tr")) {
                  const cells = row.querySelectorAll("td");
                  if (cells.length === 6 && cells[1].textContent.trim() === arguments[0]) {
                    sum += parseInt(cells[4].textContent.split(" / ")[0].trim(), 10);
                  }
                }
                return sum;""", region);
        return ((Number) sum).intValue();
    }

    private String allocate(String instanceId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.apiUrl()
                + "/?Action=AllocatePublicIpAddress&Format=JSON&InstanceId=" + instanceId)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Matcher address = Pattern.compile("\"IpAddress\"\\s*:\\s*\"([0-9.]+)\"").matcher(response.body());
        assertTrue(address.find(), response.body());
        return address.group(1);
    }

    private String operatorPost(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.operatorUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, response.statusCode() + " " + response.body());
        return response.body();
    }
}
