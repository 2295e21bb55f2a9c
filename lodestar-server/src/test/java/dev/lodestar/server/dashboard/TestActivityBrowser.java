package dev.lodestar.server.dashboard;

import static dev.lodestar.server.dashboard.TestingBrowser.assertNoConsoleErrors;
import static dev.lodestar.server.dashboard.TestingBrowser.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the lifecycle, stickiness and paths pages in headless Chromium against a real server: the
 * charts draw, the tables show the counts, and the pages switch to Simplified Chinese.
 */
class TestActivityBrowser {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    static Path temp;

    private static LodestarServer server;

    @BeforeAll
    static void startServerAndIngest() throws Exception {
        TestingBrowser.assumeInstalled();
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        server = LodestarServer.start(
                ServerConfig.defaults(temp.resolve("data")).withPort(0).withZone(SHANGHAI));
        // the last day with data starts at least 10 minutes ago, so every event below is in the past
        LocalDate last = LocalDate.ofInstant(Instant.now().minusSeconds(600), SHANGHAI);
        // u1: Home the day before, then Home → Pricing; u2: Home → Docs (both on the last day)
        String[][] rows = {
            {"u1", "Home", "-1", "1"},
            {"u1", "Home", "0", "1"},
            {"u1", "Pricing", "0", "2"},
            {"u2", "Home", "0", "1"},
            {"u2", "Docs", "0", "3"}
        };
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < rows.length; i++) {
            Instant at = last.plusDays(Integer.parseInt(rows[i][2]))
                    .atTime(0, Integer.parseInt(rows[i][3]))
                    .atZone(SHANGHAI)
                    .toInstant();
            batch.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"page\",\"name\":\"")
                    .append(rows[i][1])
                    .append("\",\"userId\":\"")
                    .append(rows[i][0])
                    .append("\",\"timestamp\":\"")
                    .append(at)
                    .append("\"}");
        }
        TestingHttp.postBatch(
                server, TestingHttp.writeKeyAuth(server), batch.append("]}").toString());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pagesDrawTheirChartsAndTablesInBothLanguages() throws Exception {
        WebDriver driver = TestingBrowser.open(temp, "en-US", null, 1000);
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url() + "#/lifecycle");
            ready(wait, driver, "lifecycle");
            assertThat(driver.getTitle()).isEqualTo("Lifecycle · Lodestar");
            List<WebElement> days = rows(driver, "lifecycle");
            assertThat(days).hasSize(12);
            // the last day: u2 is new, u1 returning; nobody dormant
            assertThat(cells(days.get(11))).containsExactly("1", "1", "0", "0");
            assertThat(cells(days.get(10))).containsExactly("1", "0", "0", "0");
            assertThat(headers(driver, "lifecycle")).contains("New", "Dormant");

            byTestId(driver, "nav-stickiness").click();
            ready(wait, driver, "stickiness");
            List<WebElement> weeks = rows(driver, "stickiness");
            assertThat(weeks).hasSize(8);
            assertThat(headers(driver, "stickiness")).hasSize(9).contains("7 d");
            long persons = 0;
            for (WebElement week : weeks) {
                persons += Long.parseLong(cells(week).get(0));
            }
            assertThat(persons).isBetween(2L, 3L); // u1 may be active in two weeks

            byTestId(driver, "nav-paths").click();
            ready(wait, driver, "paths");
            List<WebElement> paths = rows(driver, "paths");
            assertThat(paths)
                    .extracting(r -> r.findElement(By.tagName("th")).getText())
                    .containsExactly("Home", "Home → Docs"); // equal persons: a prefix first
            // the paths before Pricing: only u1's
            new Select(byTestId(driver, "paths-direction")).selectByValue("end");
            WebElement point = byTestId(driver, "paths-point");
            point.sendKeys("Pricing", Keys.TAB);
            wait.until(d -> rows(d, "paths").size() == 1
                    && rows(d, "paths").get(0).getText().startsWith("Home → Pricing"));
            ready(wait, driver, "paths");

            byTestId(driver, "lang-zh-CN").click();
            wait.until(d -> byTestId(d, "paths-title").getText().equals("用户路径"));
            assertThat(headers(driver, "paths")).containsExactly("路径", "用户数");
            byTestId(driver, "nav-lifecycle").click();
            wait.until(d -> d.getTitle().equals("生命周期 · 北极星"));
            assertThat(headers(driver, "lifecycle")).contains("新增", "留存", "回流", "流失");
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    private static void ready(WebDriverWait wait, WebDriver driver, String kind) {
        wait.until(d -> byTestId(d, "view-" + kind).isDisplayed()
                && "ready".equals(byTestId(d, kind + "-card").getAttribute("data-state"))
                && "true".equals(byTestId(d, kind + "-chart").getAttribute("data-rendered")));
        assertThat(byTestId(driver, kind + "-error").isDisplayed()).isFalse();
    }

    private static List<WebElement> rows(WebDriver driver, String kind) {
        return byTestId(driver, kind + "-table").findElements(By.cssSelector("tbody tr"));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static List<String> headers(WebDriver driver, String kind) {
        return byTestId(driver, kind + "-table").findElements(By.cssSelector("thead th")).stream()
                .map(WebElement::getText)
                .toList();
    }
}
