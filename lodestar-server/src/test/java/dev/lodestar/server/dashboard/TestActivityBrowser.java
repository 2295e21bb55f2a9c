package dev.lodestar.server.dashboard;

import static dev.lodestar.server.dashboard.TestingBrowser.assertNoConsoleErrors;
import static dev.lodestar.server.dashboard.TestingBrowser.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
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

    @Test
    void lifecycleTableMatchesTheApiExportsCsvFiltersAndIsSavedAndReopened() throws Exception {
        Path downloads = Files.createDirectories(temp.resolve("downloads-activity"));
        WebDriver driver = TestingBrowser.open(temp, "en-US", downloads, 1400);
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            wait.ignoring(StaleElementReferenceException.class); // the table is redrawn on every run
            driver.get(server.url() + "#/lifecycle");
            ready(wait, driver, "lifecycle");
            // the table holds the API's numbers for the same spec, row by row
            JsonNode config = TestingHttp.get(server, "api/config", 200);
            String last = config.get("lastEventDay").asText();
            JsonNode api =
                    TestingHttp.postJson(server, "api/lifecycle", "{\"period\":\"day\",\"to\":\"" + last + "\"}", 200);
            List<WebElement> days = rows(driver, "lifecycle");
            assertThat(days).hasSize(api.get("periods").size());
            StringBuilder expectedCsv = new StringBuilder("\uFEFFPeriod,New,Returning,Resurrecting,Dormant\r\n");
            for (int i = 0; i < days.size(); i++) {
                JsonNode p = api.get("periods").get(i);
                List<String> numbers = List.of(
                        p.get("new").asText(),
                        p.get("returning").asText(),
                        p.get("resurrecting").asText(),
                        p.get("dormant").asText());
                assertThat(cells(days.get(i))).containsExactlyElementsOf(numbers);
                expectedCsv
                        .append(p.get("start").asText())
                        .append(',')
                        .append(String.join(",", numbers))
                        .append("\r\n");
            }
            // CSV export: the same numbers
            byTestId(driver, "lifecycle-export").click();
            Path csv = downloads.resolve(
                    "lodestar-lifecycle-all-day-" + api.get("from").asText() + "_" + last + ".csv");
            wait.withMessage(() -> csv + " to be downloaded").until(d -> Files.exists(csv));
            wait.until(d -> {
                try {
                    return Files.readString(csv, StandardCharsets.UTF_8).equals(expectedCsv.toString());
                } catch (IOException e) {
                    return false;
                }
            });
            // a trait filter nobody passes empties the table
            WebElement traits = byTestId(driver, "lifecycle-traitFilters");
            traits.sendKeys("tier=gold", Keys.TAB);
            wait.until(d -> cells(rows(d, "lifecycle").get(days.size() - 1)).equals(List.of("0", "0", "0", "0")));
            ready(wait, driver, "lifecycle");
            // saved, then reopened at #/lifecycle/{id} with the filter back in its field
            byTestId(driver, "lifecycle-save-name").sendKeys("Gold lifecycle");
            byTestId(driver, "lifecycle-save").click();
            wait.until(d -> !byTestId(d, "lifecycle-saved-list")
                    .findElements(By.cssSelector("[data-testid='saved-item']"))
                    .isEmpty());
            JsonNode saved =
                    TestingHttp.get(server, "api/analyses?kind=lifecycle", 200).get(0);
            assertThat(saved.get("name").asText()).isEqualTo("Gold lifecycle");
            assertThat(saved.get("spec").get("traitFilters").toString())
                    .isEqualTo("[{\"property\":\"tier\",\"operator\":\"in\",\"values\":[\"gold\"]}]");
            long id = saved.get("id").asLong();
            driver.get(server.url() + "#/stickiness");
            ready(wait, driver, "stickiness");
            driver.get(server.url() + "#/lifecycle/" + id);
            wait.until(d ->
                    "tier=gold".equals(byTestId(d, "lifecycle-traitFilters").getAttribute("value")));
            ready(wait, driver, "lifecycle");
            JsonNode run =
                    TestingHttp.get(server, "api/analyses/" + id + "/run", 200).get("result");
            List<WebElement> reopened = rows(driver, "lifecycle");
            assertThat(reopened).hasSize(run.get("periods").size());
            for (WebElement row : reopened) {
                assertThat(cells(row)).containsExactly("0", "0", "0", "0");
            }
            // a filter that is not one shows its error
            WebElement filters = byTestId(driver, "lifecycle-filters");
            filters.sendKeys("plan", Keys.TAB);
            wait.until(d -> byTestId(d, "lifecycle-error").isDisplayed());
            assertThat(byTestId(driver, "lifecycle-error-message").getText()).startsWith("“plan” is not a filter");

            // paths: the CSV holds the API's most taken paths; saved as a paths analysis
            driver.get(server.url() + "#/paths");
            ready(wait, driver, "paths");
            String from = LocalDate.parse(last).minusDays(29).toString();
            JsonNode paths = TestingHttp.postJson(
                    server, "api/paths", "{\"steps\":5,\"from\":\"" + from + "\",\"to\":\"" + last + "\"}", 200);
            StringBuilder pathsCsv = new StringBuilder("\uFEFFPath,Persons\r\n");
            for (JsonNode path : paths.get("topPaths")) {
                List<String> nodes = new ArrayList<>();
                path.get("nodes").forEach(n -> nodes.add(n.asText()));
                pathsCsv.append(String.join(" → ", nodes))
                        .append(',')
                        .append(path.get("persons").asLong())
                        .append("\r\n");
            }
            byTestId(driver, "paths-export").click();
            Path pathsFile = downloads.resolve("lodestar-paths-events-all-" + from + "_" + last + ".csv");
            wait.until(d -> {
                try {
                    return Files.exists(pathsFile)
                            && Files.readString(pathsFile, StandardCharsets.UTF_8)
                                    .equals(pathsCsv.toString());
                } catch (IOException e) {
                    return false;
                }
            });
            byTestId(driver, "paths-save-name").sendKeys("All paths");
            byTestId(driver, "paths-save").click();
            wait.until(d -> !byTestId(d, "paths-saved-list")
                    .findElements(By.cssSelector("[data-testid='saved-item']"))
                    .isEmpty());
            assertThat(TestingHttp.get(server, "api/analyses?kind=paths", 200)
                            .get(0)
                            .get("spec")
                            .get("steps")
                            .asInt())
                    .isEqualTo(5);
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
