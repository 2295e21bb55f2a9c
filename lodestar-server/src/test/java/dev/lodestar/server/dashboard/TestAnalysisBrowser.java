package dev.lodestar.server.dashboard;

import static dev.lodestar.server.TestingHttp.JSON;
import static dev.lodestar.server.dashboard.TestingBrowser.assertNoConsoleErrors;
import static dev.lodestar.server.dashboard.TestingBrowser.byTestId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the Funnels and Retention pages in headless Chromium against a real server fed through the
 * HTTP collector, and checks every number shown against the REST answer to the same spec.
 *
 * <pre>
 * ten days ago (Shanghai)   u1..u10 identify (name 顾客i, tier gold for u1..u4, else silver), sign up and view a product (channel wechat
 *                           for odd i, douyin for even); u1..u6 add to cart; u1..u3 order (u1 and u2 with
 *                           coupon yes, else no); u7 orders without a cart
 * the day after             u11..u14 sign up; u1..u5 open the app
 * two days after            u1..u3 and u11 open the app
 * </pre>
 *
 * So the funnel viewed, added, ordered counts 10, 6, 3 (wechat only: 5, 3, 2), and retention of
 * Signed Up by App Opened per day is 10, 5, 3 of 10 and 4, 1 of 4 (cell 0 is the cohort).
 */
class TestAnalysisBrowser {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String VIEWED = "Product Viewed";
    private static final String ADDED = "Added to Cart";
    private static final String ORDERED = "Order Completed";

    @TempDir
    static Path temp;

    private static LodestarServer server;
    private static LocalDate day;
    private static int messageIds;

    @BeforeAll
    static void startServerAndIngest() throws Exception {
        TestingBrowser.assumeInstalled();
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        server = LodestarServer.start(
                ServerConfig.defaults(temp.resolve("data")).withPort(0).withZone(SHANGHAI));
        day = LocalDate.now(SHANGHAI).minusDays(10);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String user = "u" + i;
            batch.add(message(
                    "identify", user, at(0, 9, i), Map.of("name", "顾客" + i, "tier", i <= 4 ? "gold" : "silver")));
            batch.add(track(user, "Signed Up", at(0, 9, 30 + i), Map.of()));
            batch.add(track(user, VIEWED, at(0, 10, i), Map.of("channel", i % 2 == 1 ? "wechat" : "douyin")));
            if (i <= 6) {
                batch.add(track(user, ADDED, at(0, 11, i), Map.of()));
            }
            if (i <= 3 || i == 7) {
                batch.add(track(user, ORDERED, at(0, 13, i), Map.of("coupon", i <= 2 ? "yes" : "no")));
            }
            if (i <= 5) {
                batch.add(track(user, "App Opened", at(1, 12, i), Map.of()));
            }
            if (i <= 3) {
                batch.add(track(user, "App Opened", at(2, 12, i), Map.of()));
            }
        }
        for (int i = 11; i <= 14; i++) {
            batch.add(track("u" + i, "Signed Up", at(1, 9, i), Map.of()));
        }
        batch.add(track("u11", "App Opened", at(2, 15, 0), Map.of()));
        TestingHttp.postBatch(
                server, TestingHttp.writeKeyAuth(server, "web"), JSON.writeValueAsString(Map.of("batch", batch)));
        // the drill-down shows names, which come with the resolved persons
        waitUntilResolved("u10");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void funnelShowsTheApiNumbersDrillsDownExportsAndSaves() throws Exception {
        Path downloads = Files.createDirectories(temp.resolve("downloads-funnel"));
        WebDriver driver = TestingBrowser.open(temp, "en-US", downloads, 1600);
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url());
            waitForText(driver, "nav-funnels", "Funnels");
            byTestId(driver, "nav-funnels").click();
            wait.until(d -> byTestId(d, "view-funnels").isDisplayed());
            assertThat(byTestId(driver, "nav-funnels").getAttribute("aria-current"))
                    .isEqualTo("page");
            assertThat(driver.getTitle()).isEqualTo("Funnels · Lodestar");

            // two steps to start with; a third is added; two is the least (remove is disabled)
            wait.until(d -> steps(d).size() == 2 && hasOption(steps(d).get(0), ORDERED));
            assertThat(steps(driver)
                            .get(0)
                            .findElement(By.cssSelector("[data-role='remove']"))
                            .isEnabled())
                    .isFalse();
            chooseEvent(driver, 0, VIEWED);
            chooseEvent(driver, 1, ADDED);
            byTestId(driver, "funnel-add-step").click();
            wait.until(d -> steps(d).size() == 3);
            chooseEvent(driver, 2, ORDERED);
            byTestId(driver, "funnel-run").click();
            waitForResult(driver, "funnel-summary", "10 persons started, 3 completed (30.0%)");

            String from = byTestId(driver, "funnel-from").getAttribute("value");
            String to = byTestId(driver, "funnel-to").getAttribute("value");
            assertThat(to).isEqualTo(day.plusDays(2).toString());
            ObjectNode spec = spec(from, to, null);
            JsonNode answer = TestingHttp.postJson(server, "api/funnel", spec.toString(), 200);

            byTestId(driver, "funnel-view-toggle").click();
            wait.until(d -> byTestId(d, "funnel-table-wrap").isDisplayed());
            assertThat(byTestId(driver, "funnel-chart").isDisplayed()).isFalse();
            assertThat(byTestId(driver, "funnel-view-toggle").getText()).isEqualTo("Show as chart");
            assertTableEqualsApi(driver, answer, List.of(10L, 6L, 3L));
            assertThat(cells(driver, "funnel-from-first")).containsExactly("100.0%", "60.0%", "30.0%");
            assertThat(cells(driver, "funnel-from-previous")).containsExactly("—", "60.0%", "50.0%");
            assertThat(cells(driver, "funnel-drop-off")).containsExactly("—", "4", "3");
            // conversion over time, per day of the first step, as POST /api/funnel/trend answers
            JsonNode trend = TestingHttp.postJson(
                    server,
                    "api/funnel/trend",
                    spec.deepCopy().put("interval", "day").toString(),
                    200);
            assertThat(trend.get("points")).hasSize(30);
            wait.until(d -> d.findElements(By.cssSelector("[data-testid='funnel-trend-row']"))
                            .size()
                    == 30);
            List<WebElement> trendRows = driver.findElements(By.cssSelector("[data-testid='funnel-trend-row']"));
            for (int i = 0; i < trendRows.size(); i++) {
                JsonNode point = trend.get("points").get(i);
                WebElement row = trendRows.get(i);
                JsonNode persons = point.get("persons");
                assertThat(row.getAttribute("data-start"))
                        .isEqualTo(point.get("start").asText());
                assertThat(row.findElement(By.cssSelector("[data-testid='funnel-trend-entered']"))
                                .getText())
                        .isEqualTo(persons.get(0).asText());
                assertThat(row.findElement(By.cssSelector("[data-testid='funnel-trend-completed']"))
                                .getText())
                        .isEqualTo(persons.get(2).asText());
                String conversion = value(row, "funnel-trend-conversion");
                if (point.get("conversion").isNull()) {
                    assertThat(conversion).isEmpty();
                } else {
                    assertThat(Double.parseDouble(conversion))
                            .isEqualTo(point.get("conversion").asDouble());
                }
            }
            WebElement dayRow =
                    driver.findElement(By.cssSelector("[data-testid='funnel-trend-row'][data-start='" + day + "']"));
            assertThat(dayRow.findElement(By.cssSelector("[data-testid='funnel-trend-conversion']"))
                            .getText())
                    .isEqualTo("30.0%");

            // time to convert from step 1, step 2 chosen first
            assertThat(byTestId(driver, "funnel-time-count").getText()).isEqualTo("6");
            new Select(byTestId(driver, "funnel-time-step")).selectByValue("3");
            waitForText(driver, "funnel-time-count", "3");

            // the numbers as CSV with a byte order mark
            byTestId(driver, "funnel-export").click();
            String csv = Files.readString(
                    waitForDownload(
                            driver,
                            downloads,
                            "lodestar-funnel-Product-Viewed-Added-to-Cart-Order-Completed-" + from + "_" + to + ".csv"),
                    UTF_8);
            assertThat(csv).startsWith("\uFEFFSeries,Step,Event,Persons,");
            assertThat(csv.split("\r\n"))
                    .hasSize(4)
                    .anySatisfy(line -> assertThat(line).startsWith("Total,2,Added to Cart,6,0.6,0.6,4,"))
                    .anySatisfy(line -> assertThat(line).startsWith("Total,3,Order Completed,3,0.3,0.5,3,"));

            // who dropped off between adding to cart and ordering
            driver.findElements(By.cssSelector("[data-testid='funnel-dropped']"))
                    .get(1)
                    .click();
            waitForText(
                    driver,
                    "funnel-persons-title",
                    "Persons who reached step 2 (Added to Cart) but not Order Completed");
            waitForText(driver, "funnel-persons-count", "3 of 3 shown");
            assertThat(driver.switchTo().activeElement().getAttribute("data-testid"))
                    .isEqualTo("funnel-persons-title");
            ObjectNode drill = spec.deepCopy().put("step", 2).put("dropped", true);
            JsonNode dropped = TestingHttp.postJson(server, "api/funnel/persons", drill.toString(), 200);
            List<String> ids = new ArrayList<>();
            dropped.get("persons").forEach(p -> ids.add(p.get("id").asText()));
            List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='funnel-person']"));
            assertThat(rows.stream().map(r -> r.getAttribute("data-id")).toList())
                    .containsExactlyElementsOf(ids);
            assertThat(rows.stream()
                            .map(r -> r.findElements(By.tagName("td")).get(1).getText())
                            .toList())
                    .containsExactlyInAnyOrder("顾客4", "顾客5", "顾客6");
            byTestId(driver, "funnel-persons-export").click();
            String persons =
                    Files.readString(waitForDownload(driver, downloads, "lodestar-funnel-step-2-dropped.csv"), UTF_8);
            assertThat(persons).startsWith("\uFEFF");
            assertThat(ids).allSatisfy(id -> assertThat(persons).contains(id));

            // the list saved as a static segment
            byTestId(driver, "funnel-persons-save-segment").click();
            waitForText(driver, "funnel-persons-segment-status", "Give the segment a name first.");
            byTestId(driver, "funnel-persons-segment-name").sendKeys("看了没买");
            byTestId(driver, "funnel-persons-save-segment").click();
            waitForText(driver, "funnel-persons-segment-status", "Saved “看了没买”: 3 persons");
            assertThat(byTestId(driver, "funnel-persons-segment-link").getAttribute("href"))
                    .contains("#/segments/seg-");

            // a person's link opens the profile
            WebElement link = rows.get(0).findElement(By.cssSelector("[data-testid='funnel-person-link']"));
            assertThat(link.getAttribute("href")).endsWith("#/people/" + ids.get(0));
            link.click();
            wait.until(d -> byTestId(d, "view-people").isDisplayed());
            waitForText(driver, "profile-id", ids.get(0));
            driver.navigate().back();
            wait.until(d -> byTestId(d, "view-funnels").isDisplayed());

            // broken down by channel: each value's steps as the API has them, and its persons
            byTestId(driver, "funnel-breakdown").sendKeys("channel");
            byTestId(driver, "funnel-run").click();
            wait.until(d -> d.findElements(By.cssSelector("[data-testid='funnel-breakdown-row']"))
                            .size()
                    == 2);
            ObjectNode byChannel = spec(from, to, null);
            byChannel.putObject("breakdown").put("property", "channel");
            JsonNode values = TestingHttp.postJson(server, "api/funnel", byChannel.toString(), 200)
                    .get("breakdown");
            List<WebElement> valueRows = driver.findElements(By.cssSelector("[data-testid='funnel-breakdown-row']"));
            for (int i = 0; i < values.size(); i++) {
                WebElement row = valueRows.get(i);
                assertThat(row.findElement(By.tagName("th")).getText())
                        .isEqualTo(values.get(i).get("value").asText());
                List<String> shown = row.findElements(By.tagName("td")).stream()
                        .map(WebElement::getText)
                        .toList();
                for (int k = 0; k < 3; k++) {
                    assertThat(shown.get(k))
                            .isEqualTo(values.get(i)
                                    .get("steps")
                                    .get(k)
                                    .get("persons")
                                    .asText());
                }
            }
            driver.findElement(By.cssSelector("[data-testid='funnel-breakdown-row'] th[data-value='douyin']"))
                    .findElement(By.xpath(".."))
                    .findElement(By.cssSelector("[data-testid='funnel-breakdown-persons']"))
                    .click();
            waitForText(
                    driver, "funnel-persons-title", "Persons who reached step 1 (Product Viewed), channel = douyin");
            waitForText(driver, "funnel-persons-count", "5 of 5 shown");
            assertThat(driver.findElements(By.cssSelector("[data-testid='funnel-person'] td:nth-child(2)")).stream()
                            .map(WebElement::getText)
                            .toList())
                    .containsExactlyInAnyOrder("顾客2", "顾客4", "顾客6", "顾客8", "顾客10");
            byTestId(driver, "funnel-breakdown").clear();

            // a property filter on step 1: wechat only
            WebElement first = steps(driver).get(0);
            first.findElement(By.cssSelector("[data-role='property']")).sendKeys("channel");
            first.findElement(By.cssSelector("[data-role='value']")).sendKeys("wechat");
            byTestId(driver, "funnel-run").click();
            waitForResult(driver, "funnel-summary", "5 persons started, 2 completed (40.0%)");
            JsonNode wechat = TestingHttp.postJson(
                    server, "api/funnel", spec(from, to, "wechat").toString(), 200);
            assertTableEqualsApi(driver, wechat, List.of(5L, 3L, 2L));

            // saved, listed, and kept as run
            byTestId(driver, "funnel-save-name").sendKeys("Wechat buyers");
            byTestId(driver, "funnel-save").click();
            waitForText(driver, "funnel-save-status", "Saved as “Wechat buyers”.");
            wait.until(d -> cells(d, "saved-name").contains("Wechat buyers"));
            assertThat(savedNamed("funnel", "Wechat buyers").get("spec")).isEqualTo(spec(from, to, "wechat"));

            // the same name again replaces it; no name is refused on the page
            byTestId(driver, "funnel-save").click();
            waitForText(driver, "funnel-save-status", "“Wechat buyers” updated.");
            byTestId(driver, "funnel-save-name").clear();
            byTestId(driver, "funnel-save").click();
            waitForText(driver, "funnel-save-status", "Enter a name to save under.");
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    @Test
    void funnelExclusionAndStepAttributionMatchTheApiAndReopen() throws Exception {
        WebDriver driver = browser("#/funnels");
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        try {
            wait.until(d -> steps(d).size() == 2 && hasOption(steps(d).get(0), ORDERED));
            chooseEvent(driver, 0, "Signed Up");
            chooseEvent(driver, 1, VIEWED);
            byTestId(driver, "funnel-add-step").click();
            wait.until(d -> steps(d).size() == 3);
            chooseEvent(driver, 2, "App Opened");
            // ordering with a coupon between viewing and opening the app leaves the funnel (u1, u2)
            byTestId(driver, "funnel-add-exclusion").click();
            WebElement exclusion = byTestId(driver, "funnel-exclusion");
            new Select(exclusion.findElement(By.cssSelector("[data-role='event']"))).selectByValue(ORDERED);
            exclusion.findElement(By.cssSelector("[data-role='property']")).sendKeys("coupon");
            exclusion.findElement(By.cssSelector("[data-role='value']")).sendKeys("yes");
            WebElement fromStep = exclusion.findElement(By.cssSelector("[data-role='from']"));
            fromStep.clear();
            fromStep.sendKeys("2");
            WebElement toStep = exclusion.findElement(By.cssSelector("[data-role='to']"));
            toStep.clear();
            toStep.sendKeys("3");
            // the channel of step 2 (the only step that has one)
            byTestId(driver, "funnel-breakdown").sendKeys("channel");
            assertThat(byTestId(driver, "funnel-attribution-step-field").isDisplayed())
                    .isFalse();
            new Select(byTestId(driver, "funnel-attribution")).selectByValue("step");
            WebElement attributionStep = byTestId(driver, "funnel-attribution-step");
            attributionStep.clear();
            attributionStep.sendKeys("2");
            byTestId(driver, "funnel-run").click();
            wait.until(d -> "ready".equals(byTestId(d, "view-funnels").getAttribute("data-state"))
                    && !d.findElements(By.cssSelector("[data-testid='funnel-breakdown-row']"))
                            .isEmpty());

            ObjectNode spec = JSON.createObjectNode();
            ArrayNode steps = spec.putArray("steps");
            steps.addObject().put("event", "Signed Up");
            steps.addObject().put("event", VIEWED);
            steps.addObject().put("event", "App Opened");
            spec.put("order", "ordered")
                    .put("windowSeconds", 14 * 86_400)
                    .put("from", byTestId(driver, "funnel-from").getAttribute("value"))
                    .put("to", byTestId(driver, "funnel-to").getAttribute("value"));
            ObjectNode excluded = spec.putArray("exclusions").addObject().put("event", ORDERED);
            ObjectNode filter = excluded.putArray("filters").addObject();
            filter.put("property", "coupon").put("operator", "equals");
            filter.putArray("values").add("yes");
            excluded.put("fromStep", 2).put("toStep", 3);
            spec.putObject("breakdown")
                    .put("property", "channel")
                    .put("attribution", "step")
                    .put("step", 2);
            JsonNode answer = TestingHttp.postJson(server, "api/funnel", spec.toString(), 200);
            // u1..u5 opened the app; u1 and u2 are excluded
            byTestId(driver, "funnel-view-toggle").click();
            wait.until(d -> byTestId(d, "funnel-table-wrap").isDisplayed());
            assertTableEqualsApi(driver, answer, List.of(14L, 10L, 3L));
            JsonNode values = answer.get("breakdown");
            List<WebElement> valueRows = driver.findElements(By.cssSelector("[data-testid='funnel-breakdown-row']"));
            assertThat(valueRows).hasSize(values.size());
            for (int i = 0; i < values.size(); i++) {
                List<String> shown = valueRows.get(i).findElements(By.tagName("td")).stream()
                        .limit(3)
                        .map(WebElement::getText)
                        .toList();
                List<String> expected = new ArrayList<>();
                values.get(i)
                        .get("steps")
                        .forEach(step -> expected.add(step.get("persons").asText()));
                assertThat(shown).isEqualTo(expected);
            }
            // those who never viewed a product (u11..u14) have no value at step 2
            assertThat(values)
                    .extracting(v -> v.get("value").asText())
                    .containsExactlyInAnyOrder("wechat", "douyin", "null");

            byTestId(driver, "funnel-save-name").sendKeys("Coupon-free openers");
            byTestId(driver, "funnel-save").click();
            waitForText(driver, "funnel-save-status", "Saved as “Coupon-free openers”.");
            JsonNode saved = savedNamed("funnel", "Coupon-free openers");
            assertThat(saved.get("spec")).isEqualTo(spec);
            // a fresh page at the saved funnel's address fills the exclusion and the attribution again
            driver.get(server.url() + "#/funnels/" + saved.get("id").asLong());
            driver.navigate().refresh();
            wait.until(d -> "ready".equals(byTestId(d, "view-funnels").getAttribute("data-state")));
            WebElement reopened = byTestId(driver, "funnel-exclusion");
            assertThat(new Select(reopened.findElement(By.cssSelector("[data-role='event']")))
                            .getFirstSelectedOption()
                            .getAttribute("value"))
                    .isEqualTo(ORDERED);
            assertThat(reopened.findElement(By.cssSelector("[data-role='property']"))
                            .getAttribute("value"))
                    .isEqualTo("coupon");
            assertThat(reopened.findElement(By.cssSelector("[data-role='from']"))
                            .getAttribute("value"))
                    .isEqualTo("2");
            assertThat(reopened.findElement(By.cssSelector("[data-role='to']")).getAttribute("value"))
                    .isEqualTo("3");
            assertThat(new Select(byTestId(driver, "funnel-attribution"))
                            .getFirstSelectedOption()
                            .getAttribute("value"))
                    .isEqualTo("step");
            assertThat(byTestId(driver, "funnel-attribution-step").getAttribute("value"))
                    .isEqualTo("2");
            byTestId(driver, "funnel-view-toggle").click();
            wait.until(d -> byTestId(d, "funnel-table-wrap").isDisplayed());
            assertTableEqualsApi(driver, answer, List.of(14L, 10L, 3L));
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    @Test
    void retentionHeatTableShowsTheApiCells() throws Exception {
        Path downloads = Files.createDirectories(temp.resolve("downloads-retention"));
        WebDriver driver = TestingBrowser.open(temp, "en-US", downloads, 1600);
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url() + "#/retention");
            wait.until(d -> byTestId(d, "view-retention").isDisplayed());
            ObjectNode spec = JSON.createObjectNode()
                    .put("cohortEvent", "Signed Up")
                    .put("cohortType", "first_time")
                    .put("returnEvent", "App Opened")
                    .put("period", "day")
                    .put("periods", 3)
                    .put("mode", "on")
                    .put("from", day.toString())
                    .put("to", day.plusDays(1).toString());
            runRetention(driver, spec);
            JsonNode answer = TestingHttp.postJson(server, "api/retention", spec.toString(), 200);
            List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='retention-row']"));
            assertThat(rows).hasSize(answer.get("cohorts").size()).hasSize(2);
            for (int r = 0; r < rows.size(); r++) {
                JsonNode cohort = answer.get("cohorts").get(r);
                WebElement row = rows.get(r);
                assertThat(row.getAttribute("data-start"))
                        .isEqualTo(cohort.get("start").asText());
                List<WebElement> cells = row.findElements(By.cssSelector("[data-testid='retention-cell']"));
                assertThat(cells).hasSize(4);
                for (int k = 0; k < cells.size(); k++) {
                    assertThat(cells.get(k).getAttribute("data-count"))
                            .isEqualTo(cohort.get("counts").get(k).asText());
                    assertThat(Double.parseDouble(cells.get(k).getAttribute("data-rate")))
                            .isEqualTo(cohort.get("rates").get(k).asDouble());
                    assertThat(cells.get(k).getAttribute("data-incomplete"))
                            .isEqualTo(cohort.get("incomplete").get(k).asText());
                }
            }
            WebElement firstDay = rows.get(0)
                    .findElements(By.cssSelector("[data-testid='retention-cell']"))
                    .get(1);
            assertThat(firstDay.getText()).isEqualTo("50.0%");
            assertThat(firstDay.getAttribute("title")).isEqualTo("5 of 10 persons came back in Day 1");
            assertThat(rows.get(1)
                            .findElement(By.cssSelector("[data-testid='retention-size']"))
                            .getText())
                    .isEqualTo("4");
            List<WebElement> average = driver.findElements(By.cssSelector("[data-testid='retention-average']"));
            for (int k = 0; k < average.size(); k++) {
                JsonNode rate = answer.get("average").get(k).get("rate");
                String shown = average.get(k).getAttribute("data-rate");
                if (rate.isNull()) {
                    assertThat(shown).isEmpty();
                } else {
                    assertThat(Double.parseDouble(shown)).isEqualTo(rate.asDouble());
                }
            }
            wait.until(d -> "true".equals(byTestId(d, "retention-chart").getAttribute("data-rendered")));

            byTestId(driver, "retention-export").click();
            String csv = Files.readString(
                    waitForDownload(
                            driver,
                            downloads,
                            "lodestar-retention-Signed-Up-App-Opened-day-" + day + "_" + day.plusDays(1) + ".csv"),
                    UTF_8);
            assertThat(csv).startsWith("\uFEFFCohort,Persons,Day 0 persons,");
            assertThat(csv).contains("\r\n" + day + ",10,10,5,3,");

            byTestId(driver, "retention-save-name").sendKeys("Sign-up retention");
            byTestId(driver, "retention-save").click();
            waitForText(driver, "retention-save-status", "Saved as “Sign-up retention”.");
            assertThat(savedNamed("retention", "Sign-up retention").get("spec")).isEqualTo(spec);
            long id = savedNamed("retention", "Sign-up retention").get("id").asLong();
            // opening it from the list gives it an address of its own
            WebElement item = byTestId(driver, "retention-saved-list")
                    .findElement(By.cssSelector("[data-testid='saved-item'][data-id='" + id + "']"));
            assertThat(item.findElement(By.cssSelector("[data-testid='saved-open']"))
                            .getAttribute("aria-label"))
                    .isEqualTo("Open Sign-up retention");
            item.findElement(By.cssSelector("[data-testid='saved-open']")).click();
            wait.until(d -> d.getCurrentUrl().endsWith("#/retention/" + id));
            wait.until(d -> "ready".equals(byTestId(d, "view-retention").getAttribute("data-state")));
            assertThat(driver.findElements(By.cssSelector("[data-testid='retention-row']")))
                    .hasSize(2);
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    @Test
    void retentionRecurringCohortsByTraitShowTheApiCells() throws Exception {
        WebDriver driver = browser("#/retention");
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        try {
            ObjectNode spec = JSON.createObjectNode()
                    .put("cohortEvent", "App Opened")
                    .put("cohortType", "recurring")
                    .put("returnEvent", "App Opened")
                    .put("period", "day")
                    .put("periods", 2)
                    .put("mode", "on_or_after")
                    .put("from", day.plusDays(1).toString())
                    .put("to", day.plusDays(2).toString());
            spec.putObject("breakdown").put("source", "person").put("property", "tier");
            runRetention(driver, spec);
            JsonNode answer = TestingHttp.postJson(server, "api/retention", spec.toString(), 200);
            JsonNode values = answer.get("breakdown");
            // day 1: u1..u4 gold (u1..u3 back on day 2), u5 silver; day 2: u1..u3 gold, u11 without a tier
            assertThat(values).extracting(v -> v.get("value").asText()).containsExactly("gold", "silver", "null");
            assertThat(longs(values.get(0).get("cohorts").get(0).get("counts"))).containsExactly(4L, 3L, 0L);
            Select value = new Select(byTestId(driver, "retention-value"));
            assertThat(value.getOptions())
                    .extracting(WebElement::getText)
                    .containsExactly("All persons", "gold", "silver", "(none)");
            assertCellsEqual(driver, answer.get("cohorts"));
            for (int i = 0; i < values.size(); i++) {
                value.selectByValue(String.valueOf(i));
                assertCellsEqual(driver, values.get(i).get("cohorts"));
            }
            wait.until(d -> "true".equals(byTestId(d, "retention-chart").getAttribute("data-rendered")));
            assertThat(byTestId(driver, "retention-chart").getAttribute("data-lines"))
                    .isEqualTo("3");

            byTestId(driver, "retention-save-name").sendKeys("Recurring by tier");
            byTestId(driver, "retention-save").click();
            waitForText(driver, "retention-save-status", "Saved as “Recurring by tier”.");
            assertThat(savedNamed("retention", "Recurring by tier").get("spec")).isEqualTo(spec);
            long id = savedNamed("retention", "Recurring by tier").get("id").asLong();
            // a fresh page at the saved analysis's address fills the form again
            driver.get(server.url() + "#/retention/" + id);
            driver.navigate().refresh();
            wait.until(d -> "ready".equals(byTestId(d, "view-retention").getAttribute("data-state")));
            assertThat(new Select(byTestId(driver, "retention-cohort-type"))
                            .getFirstSelectedOption()
                            .getAttribute("value"))
                    .isEqualTo("recurring");
            assertThat(new Select(byTestId(driver, "retention-breakdown-source"))
                            .getFirstSelectedOption()
                            .getAttribute("value"))
                    .isEqualTo("person");
            assertThat(byTestId(driver, "retention-breakdown-property").getAttribute("value"))
                    .isEqualTo("tier");
            assertCellsEqual(driver, answer.get("cohorts"));
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    /** An English browser at the page of `hash`. */
    private static WebDriver browser(String hash) throws Exception {
        WebDriver driver = TestingBrowser.open(temp, "en-US", null, 1600);
        driver.get(server.url() + hash);
        return driver;
    }

    /** Fills the retention form with `spec` (the fields the page sends) and runs it. */
    private static void runRetention(WebDriver driver, JsonNode spec) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String cohort = spec.get("cohortEvent").asText();
        wait.until(d -> hasOption(byTestId(d, "retention-cohort-event"), cohort));
        new Select(byTestId(driver, "retention-cohort-event")).selectByValue(cohort);
        new Select(byTestId(driver, "retention-cohort-type"))
                .selectByValue(spec.get("cohortType").asText());
        new Select(byTestId(driver, "retention-return-event"))
                .selectByValue(spec.get("returnEvent").asText());
        new Select(byTestId(driver, "retention-period"))
                .selectByValue(spec.get("period").asText());
        new Select(byTestId(driver, "retention-mode"))
                .selectByValue(spec.get("mode").asText());
        WebElement periods = byTestId(driver, "retention-periods");
        periods.clear();
        periods.sendKeys(spec.get("periods").asText(), Keys.TAB);
        setValue(driver, "retention-from", spec.get("from").asText());
        setValue(driver, "retention-to", spec.get("to").asText());
        if (spec.has("breakdown")) {
            new Select(byTestId(driver, "retention-breakdown-source"))
                    .selectByValue(spec.get("breakdown").get("source").asText());
            byTestId(driver, "retention-breakdown-property")
                    .sendKeys(spec.get("breakdown").get("property").asText());
        }
        byTestId(driver, "retention-run").click();
        wait.until(d -> byTestId(d, "retention-result").isDisplayed()
                && "ready".equals(byTestId(d, "view-retention").getAttribute("data-state")));
    }

    /** The heat table's rows and cells are the API's cohorts. */
    private static void assertCellsEqual(WebDriver driver, JsonNode cohorts) {
        List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='retention-row']"));
        assertThat(rows).hasSize(cohorts.size());
        for (int r = 0; r < rows.size(); r++) {
            List<WebElement> cells = rows.get(r).findElements(By.cssSelector("[data-testid='retention-cell']"));
            assertThat(cells)
                    .extracting(c -> c.getAttribute("data-count"))
                    .containsExactlyElementsOf(longs(cohorts.get(r).get("counts")).stream()
                            .map(String::valueOf)
                            .toList());
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asLong()));
        return list;
    }

    @Test
    void chinesePagesReopenASavedFunnel() throws Exception {
        String from = day.minusDays(1).toString();
        String to = day.plusDays(2).toString();
        ObjectNode body = JSON.createObjectNode().put("kind", "funnel").put("name", "浏览到下单");
        body.set("spec", spec(from, to, null));
        long id = TestingHttp.postJson(server, "api/analyses", body.toString(), 201)
                .get("id")
                .asLong();
        WebDriver driver = TestingBrowser.open(temp, "zh-CN", null, 1600);
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url() + "#/funnels/" + id);
            waitForResult(driver, "funnel-summary", "10 人进入，3 人完成（30.0%）");
            assertThat(byTestId(driver, "nav-funnels").getText()).isEqualTo("漏斗");
            assertThat(byTestId(driver, "nav-retention").getText()).isEqualTo("留存");
            assertThat(byTestId(driver, "funnels-title").getText()).isEqualTo("漏斗分析");
            assertThat(driver.getTitle()).isEqualTo("漏斗 · 北极星");
            assertThat(byTestId(driver, "funnel-from").getAttribute("value")).isEqualTo(from);
            assertThat(steps(driver)).hasSize(3);
            assertThat(byTestId(driver, "funnel-save-name").getAttribute("value"))
                    .isEqualTo("浏览到下单");
            byTestId(driver, "funnel-view-toggle").click();
            wait.until(d -> byTestId(d, "funnel-table-wrap").isDisplayed());
            assertThat(byTestId(driver, "funnel-table")
                            .findElement(By.cssSelector("thead"))
                            .getText())
                    .contains("人数", "相对第 1 步转化率", "流失人数");
            assertThat(cells(driver, "funnel-persons")).containsExactly("10", "6", "3");
            assertThat(steps(driver).get(2).getText()).contains("第 3 步");

            // switching language re-renders the page in place
            byTestId(driver, "lang-en").click();
            waitForText(driver, "funnels-title", "Funnels");
            assertThat(byTestId(driver, "funnel-summary").getText()).startsWith("10 persons started");
            byTestId(driver, "lang-zh-CN").click();
            waitForText(driver, "funnels-title", "漏斗分析");

            // on a phone-sized window nothing scrolls sideways
            driver.manage().window().setSize(new Dimension(390, 1600));
            wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                    .executeScript("return document.documentElement.scrollWidth <= window.innerWidth")));
            driver.manage().window().setSize(new Dimension(1440, 1600));

            byTestId(driver, "nav-retention").click();
            wait.until(d -> byTestId(d, "view-retention").isDisplayed());
            assertThat(byTestId(driver, "retention-title").getText()).isEqualTo("留存分析");
            assertThat(new Select(byTestId(driver, "retention-mode"))
                            .getOptions()
                            .get(1)
                            .getText())
                    .isEqualTo("当期或之后回访（无界）");
            assertThat(new Select(byTestId(driver, "retention-cohort-event"))
                            .getFirstSelectedOption()
                            .getText())
                    .isEqualTo("任意事件");
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    /** The funnel viewed, added, ordered with a 14-day window, optionally of one channel at step 1. */
    private static ObjectNode spec(String from, String to, String channel) {
        ObjectNode spec = JSON.createObjectNode();
        ArrayNode steps = spec.putArray("steps");
        ObjectNode first = steps.addObject().put("event", VIEWED);
        if (channel != null) {
            ObjectNode filter = first.putArray("filters").addObject();
            filter.put("property", "channel").put("operator", "equals");
            filter.putArray("values").add(channel);
        }
        steps.addObject().put("event", ADDED);
        steps.addObject().put("event", ORDERED);
        return spec.put("order", "ordered")
                .put("windowSeconds", 14 * 86_400)
                .put("from", from)
                .put("to", to);
    }

    private static void assertTableEqualsApi(WebDriver driver, JsonNode answer, List<Long> expected) {
        List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='funnel-row']"));
        assertThat(rows).hasSize(answer.get("steps").size());
        List<Long> persons = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode step = answer.get("steps").get(i);
            WebElement row = rows.get(i);
            String shownPersons = value(row, "funnel-persons");
            persons.add(Long.parseLong(shownPersons));
            assertThat(shownPersons).isEqualTo(step.get("persons").asText());
            assertThat(Double.parseDouble(value(row, "funnel-from-first")))
                    .isEqualTo(step.get("conversionFromFirst").asDouble());
            assertThat(Double.parseDouble(value(row, "funnel-from-previous")))
                    .isEqualTo(step.get("conversionFromPrevious").asDouble());
            assertThat(value(row, "funnel-drop-off"))
                    .isEqualTo(step.get("dropOff").asText());
            assertThat(row.findElement(By.cssSelector("[data-testid='funnel-persons']"))
                            .getText())
                    .isEqualTo(step.get("persons").asText());
        }
        assertThat(persons).isEqualTo(expected);
    }

    private static String value(WebElement row, String testId) {
        return row.findElement(By.cssSelector("[data-testid='" + testId + "']")).getAttribute("data-value");
    }

    private static JsonNode savedNamed(String kind, String name) throws Exception {
        for (JsonNode analysis : TestingHttp.get(server, "api/analyses?kind=" + kind, 200)) {
            if (analysis.get("name").asText().equals(name)) {
                return analysis;
            }
        }
        throw new AssertionError("no saved " + kind + " named " + name);
    }

    private static List<String> cells(WebDriver driver, String testId) {
        return driver.findElements(By.cssSelector("[data-testid='" + testId + "']")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static List<WebElement> steps(WebDriver driver) {
        return driver.findElements(By.cssSelector("[data-testid='funnel-step']"));
    }

    private static void chooseEvent(WebDriver driver, int step, String event) {
        new Select(steps(driver).get(step).findElement(By.cssSelector("[data-role='event']"))).selectByValue(event);
    }

    private static boolean hasOption(WebElement select, String value) {
        return !select.findElements(By.cssSelector("option[value='" + value + "']"))
                .isEmpty();
    }

    private static void setValue(WebDriver driver, String testId, String value) {
        ((JavascriptExecutor) driver)
                .executeScript("arguments[0].value = arguments[1]", byTestId(driver, testId), value);
    }

    /** Waits for a run to finish with `testId` starting with `expected`. */
    private static void waitForResult(WebDriver driver, String testId, String expected) {
        String[] seen = new String[1];
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> testId + " to start with '" + expected + "', last seen '" + seen[0] + "', errors "
                        + ((JavascriptExecutor) driver).executeScript("return window.__testErrors"))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    seen[0] = byTestId(d, testId).getText();
                    return seen[0].startsWith(expected);
                });
    }

    private static void waitForText(WebDriver driver, String testId, String expected) {
        String[] seen = new String[1];
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> testId + " to read '" + expected + "', last seen '" + seen[0] + "'")
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    seen[0] = byTestId(d, testId).getText();
                    return expected.equals(seen[0]);
                });
    }

    private static Path waitForDownload(WebDriver browser, Path directory, String name) {
        Path file = directory.resolve(name);
        new WebDriverWait(browser, WAIT)
                .withMessage(() -> file + " to be downloaded")
                .until(driver -> {
                    try (Stream<Path> files = Files.list(directory)) {
                        return files.anyMatch(file::equals);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
        return file;
    }

    private static void waitUntilResolved(String userId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                TestingHttp.get(server, "api/persons?user_id=" + userId, 200);
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Instant at(int days, int hour, int minute) {
        return day.plusDays(days).atTime(hour, minute).atZone(SHANGHAI).toInstant();
    }

    private static Map<String, Object> track(String userId, String event, Instant at, Map<String, ?> properties) {
        Map<String, Object> message = message("track", userId, at, null);
        message.put("event", event);
        message.put("properties", properties);
        return message;
    }

    private static Map<String, Object> message(String type, String userId, Instant at, Map<String, ?> traits) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("messageId", "analysis-test-" + messageIds++);
        message.put("userId", userId);
        message.put("timestamp", at.toString());
        if (traits != null) {
            message.put("traits", traits);
        }
        return message;
    }
}
