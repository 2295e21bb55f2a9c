package dev.lodestar.server.dashboard;

import static dev.lodestar.server.dashboard.TestingBrowser.assertNoConsoleErrors;
import static dev.lodestar.server.dashboard.TestingBrowser.byTestId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import dev.lodestar.server.api.TestTrendsRoutes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Trends page in headless Chromium against a real server: builds a trend (event, measure,
 * breakdown by a person trait, previous period) and a distribution, and checks every number shown
 * in the table against {@code POST /api/trends} and {@code /api/distribution}; then the same page
 * in Chinese.
 */
class TestTrendsBrowser {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path temp;

    @Test
    void buildsATrendAndADistributionThatMatchTheApi() throws Exception {
        TestingBrowser.assumeInstalled();
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        try (LodestarServer server = LodestarServer.start(
                ServerConfig.defaults(temp.resolve("data")).withPort(0).withZone(SHANGHAI))) {
            LocalDate d0 = LocalDate.now(SHANGHAI).minusDays(5);
            LocalDate d1 = d0.plusDays(1);
            TestTrendsRoutes.sendLog(server, d0);
            WebDriver driver = TestingBrowser.open(temp, "en-US", null, 1200);
            try {
                WebDriverWait wait = new WebDriverWait(driver, WAIT);
                wait.ignoring(StaleElementReferenceException.class); // the page redraws on a locale switch
                driver.get(server.url() + "#/trends");
                wait.until(d -> byTestId(d, "trends-title").isDisplayed());
                assertThat(byTestId(driver, "nav-trends").getAttribute("aria-current"))
                        .isEqualTo("page");
                assertThat(driver.getTitle()).isEqualTo("Trends · Lodestar");
                wait.until(d -> new Select(byTestId(d, "trends-series-event"))
                                .getOptions()
                                .size()
                        > 2);

                new Select(byTestId(driver, "trends-series-event")).selectByValue("Order Completed");
                new Select(byTestId(driver, "trends-series-measure")).selectByValue("sum");
                assertThat(byTestId(driver, "trends-series-property").isDisplayed())
                        .isTrue();
                new Select(byTestId(driver, "trends-breakdown-source")).selectByValue("person");
                byTestId(driver, "trends-breakdown-property").sendKeys("tier");
                setDate(driver, "trends-from", d0);
                setDate(driver, "trends-to", d1);
                byTestId(driver, "trends-compare").click();
                byTestId(driver, "trends-run").click();
                wait.until(d -> "ready".equals(byTestId(d, "trends-card").getAttribute("data-state")));

                JsonNode api = TestingHttp.postJson(
                        server,
                        "api/trends",
                        "{\"series\":[{\"event\":\"Order Completed\",\"measure\":\"sum\",\"property\":\"revenue\"}],"
                                + "\"interval\":\"day\",\"from\":\"" + d0 + "\",\"to\":\"" + d1 + "\",\"compare\":true,"
                                + "\"breakdown\":{\"source\":\"person\",\"property\":\"tier\"}}",
                        200);
                byTestId(driver, "trends-toggle").click();
                assertThat(byTestId(driver, "trends-table").isDisplayed()).isTrue();
                assertThat(byTestId(driver, "trends-chart").isDisplayed()).isFalse();
                List<WebElement> rows = byTestId(driver, "trends-table").findElements(By.cssSelector("tbody tr"));
                assertThat(rows).hasSize(2);
                List<JsonNode> lines = new ArrayList<>();
                api.get("series").forEach(lines::add);
                api.get("previous").get("series").forEach(lines::add);
                // gold (u1: 150, 0), silver (u2: 0, 30), then the previous period's lines
                assertThat(lines).hasSize(4);
                for (int b = 0; b < 2; b++) {
                    List<WebElement> cells = rows.get(b).findElements(By.cssSelector("td"));
                    assertThat(cells).hasSize(lines.size());
                    for (int i = 0; i < lines.size(); i++) {
                        assertThat(Double.parseDouble(cells.get(i).getAttribute("data-value")))
                                .as("bucket %d line %d", b, i)
                                .isEqualTo(lines.get(i).get("values").get(b).asDouble());
                    }
                }
                assertThat(rows.get(0).findElements(By.cssSelector("td")).get(0).getText())
                        .isEqualTo("150");
                assertThat(byTestId(driver, "trends-table")
                                .findElement(By.cssSelector("thead"))
                                .getText())
                        .contains("gold · Sum", "silver · Sum", "(previous period)");

                new Select(byTestId(driver, "dist-metric")).selectByValue("events_per_person");
                new Select(byTestId(driver, "dist-event")).selectByValue("Order Completed");
                byTestId(driver, "dist-run").click();
                wait.until(d -> "ready".equals(byTestId(d, "dist-card").getAttribute("data-state")));
                JsonNode distribution = TestingHttp.postJson(
                        server,
                        "api/distribution",
                        "{\"metric\":\"events_per_person\",\"event\":\"Order Completed\",\"from\":\"" + d0
                                + "\",\"to\":\"" + d1 + "\"}",
                        200);
                for (String statistic : List.of("p10", "p50", "p90", "p99")) {
                    WebElement cell = byTestId(driver, "dist-percentiles")
                            .findElement(By.cssSelector("tr[data-statistic='" + statistic + "'] td"));
                    assertThat(Double.parseDouble(cell.getAttribute("data-value")))
                            .as(statistic)
                            .isEqualTo(distribution
                                    .get("percentiles")
                                    .get(statistic)
                                    .asDouble());
                }
                assertThat(byTestId(driver, "dist-summary").getText()).isEqualTo("2 values, mean 1.5");
                assertNoConsoleErrors(driver);

                byTestId(driver, "lang-zh-CN").click();
                wait.until(d -> byTestId(d, "trends-title").getText().equals("趋势"));
                assertThat(byTestId(driver, "trends-table")
                                .findElement(By.cssSelector("thead"))
                                .getText())
                        .contains("gold · 总和", "（上一周期）");
                assertThat(byTestId(driver, "dist-summary").getText()).isEqualTo("2 个数值，平均 1.5");
                assertThat(new Select(byTestId(driver, "trends-series-measure"))
                                .getFirstSelectedOption()
                                .getAttribute("value"))
                        .isEqualTo("sum");
                assertNoConsoleErrors(driver);

                // two series, B with an event property filter and a trait filter, and a formula A/B
                byTestId(driver, "lang-en").click();
                wait.until(d -> byTestId(d, "trends-title").getText().equals("Trends"));
                new Select(byTestId(driver, "trends-breakdown-source")).selectByValue("");
                byTestId(driver, "trends-compare").click();
                byTestId(driver, "trends-add-series").click();
                wait.until(d -> d.findElements(By.cssSelector("[data-testid='trends-series-row']"))
                                .size()
                        == 2);
                WebElement b = driver.findElements(By.cssSelector("[data-testid='trends-series-row']"))
                        .get(1);
                new Select(b.findElement(By.cssSelector("[data-role='event']"))).selectByValue("Product Viewed");
                new Select(b.findElement(By.cssSelector("[data-role='measure']"))).selectByValue("persons");
                b.findElement(By.cssSelector("[data-role='filter-property']")).sendKeys("channel");
                b.findElement(By.cssSelector("[data-role='filter-values']")).sendKeys("wechat");
                b.findElement(By.cssSelector("[data-role='trait-property']")).sendKeys("tier");
                b.findElement(By.cssSelector("[data-role='trait-values']")).sendKeys("silver, gold");
                byTestId(driver, "trends-formulas").sendKeys("A/B, A-B");
                byTestId(driver, "trends-run").click();
                wait.until(d -> "ready".equals(byTestId(d, "trends-card").getAttribute("data-state"))
                        && byTestId(d, "trends-table")
                                        .findElements(By.cssSelector("thead th"))
                                        .size()
                                == 5);
                JsonNode two = TestingHttp.postJson(
                        server,
                        "api/trends",
                        "{\"series\":[{\"event\":\"Order Completed\",\"measure\":\"sum\",\"property\":\"revenue\"},"
                                + "{\"event\":\"Product Viewed\",\"measure\":\"persons\",\"filters\":[{\"property\":"
                                + "\"channel\",\"operator\":\"in\",\"values\":[\"wechat\"]}],\"traitFilters\":[{\"property\":"
                                + "\"tier\",\"operator\":\"in\",\"values\":[\"silver\",\"gold\"]}]}],\"formulas\":[\"A/B\",\"A-B\"],"
                                + "\"interval\":\"day\",\"from\":\"" + d0 + "\",\"to\":\"" + d1 + "\"}",
                        200);
                List<JsonNode> twoLines = new ArrayList<>();
                two.get("series").forEach(twoLines::add);
                two.get("formulas").forEach(twoLines::add);
                assertThat(twoLines).hasSize(4);
                // B: u2 viewed on wechat on day 0 (silver), so A/B is 150 on day 0 and A-B is 149
                assertThat(two.get("formulas").get(1).get("values").get(0).asDouble())
                        .isEqualTo(149.0);
                List<WebElement> twoRows = byTestId(driver, "trends-table").findElements(By.cssSelector("tbody tr"));
                for (int r = 0; r < 2; r++) {
                    List<WebElement> cells = twoRows.get(r).findElements(By.cssSelector("td"));
                    for (int i = 0; i < twoLines.size(); i++) {
                        JsonNode expected = twoLines.get(i).get("values").get(r);
                        assertThat(cells.get(i).getAttribute("data-value"))
                                .as("bucket %d line %d", r, i)
                                .isEqualTo(
                                        expected.isNull()
                                                ? ""
                                                : String.valueOf(expected.asDouble())
                                                        .replaceAll("\\.0$", ""));
                    }
                }
                assertThat(byTestId(driver, "trends-table")
                                .findElement(By.cssSelector("thead"))
                                .getText())
                        .contains(
                                "A · Order Completed · Sum (revenue)",
                                "B · Product Viewed · Unique persons",
                                "A/B",
                                "A-B");
                // saved, and reopened on a fresh page at its own address with both series and the formulas
                byTestId(driver, "trend-save-name").sendKeys("Revenue per wechat viewer");
                byTestId(driver, "trend-save").click();
                wait.until(d -> byTestId(d, "trend-save-status").getText().startsWith("Saved as"));
                JsonNode saved =
                        TestingHttp.get(server, "api/analyses?kind=trend", 200).get(0);
                assertThat(saved.get("spec").get("series")).hasSize(2);
                assertThat(saved.get("spec").get("formulas").get(0).asText()).isEqualTo("A/B");
                driver.get(server.url() + "#/trends/" + saved.get("id").asLong());
                driver.navigate().refresh();
                wait.until(d -> "ready".equals(byTestId(d, "trends-card").getAttribute("data-state")));
                assertThat(driver.findElements(By.cssSelector("[data-testid='trends-series-row']")))
                        .hasSize(2);
                assertThat(byTestId(driver, "trends-formulas").getAttribute("value"))
                        .isEqualTo("A/B, A-B");
                byTestId(driver, "trends-toggle").click();
                assertThat(byTestId(driver, "trends-table")
                                .findElement(By.cssSelector("thead"))
                                .getText())
                        .contains("B · Product Viewed · Unique persons", "A-B");
                assertThat(byTestId(driver, "trends-table")
                                .findElements(By.cssSelector("tbody tr"))
                                .get(0)
                                .findElements(By.cssSelector("td"))
                                .get(3)
                                .getAttribute("data-value"))
                        .isEqualTo("149");
                b = driver.findElements(By.cssSelector("[data-testid='trends-series-row']"))
                        .get(1);
                // removing B leaves one series
                b.findElement(By.cssSelector("[data-role='remove']")).click();
                assertThat(driver.findElements(By.cssSelector("[data-testid='trends-series-row']")))
                        .hasSize(1);
                assertNoConsoleErrors(driver);
            } finally {
                driver.quit();
            }
        }
    }

    private static void setDate(WebDriver driver, String testId, LocalDate day) {
        ((JavascriptExecutor) driver)
                .executeScript(
                        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));",
                        byTestId(driver, testId),
                        day.toString());
    }
}
