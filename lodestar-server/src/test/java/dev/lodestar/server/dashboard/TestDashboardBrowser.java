package dev.lodestar.server.dashboard;

import static dev.lodestar.server.dashboard.TestingBrowser.assertNoConsoleErrors;
import static dev.lodestar.server.dashboard.TestingBrowser.byTestId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the overview page in headless Chromium against a real server holding a small, exactly
 * known data set, in English and in Simplified Chinese.
 *
 * <p>All events are placed relative to today in Asia/Shanghai (the project zone), never the JVM's
 * zone (the build runs tests in America/Bahia_Banderas). One order is at 00:30 Shanghai time, which
 * is the previous day in UTC and in the JVM's zone, so bucketing in the wrong zone shows up.
 *
 * <pre>
 * person  day (0 = today)  event
 * u1      0                Product Viewed
 * u1      3                Product Viewed x2, Order Completed at 00:30 (revenue 100)
 * u2      5                Product Viewed
 * u2      10               Order Completed (revenue 250.5)
 * u3      8                page Pricing
 * u3      12               Button Clicked x1200
 * u3      20               Product Viewed
 * u3      45               Signed Up (outside the default 30 days, inside 90)
 * </pre>
 *
 * Last 30 days: 1,208 events, 3 persons, DAU 1, WAU 2, MAU 3, 2 orders, revenue ¥350.50,
 * conversion 2/3 = 66.7%, average order value ¥175.25. Last 90 days: 1,209 events.
 */
class TestDashboardBrowser {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;

    private static LocalDate today;
    private static LodestarServer server;
    private static String writeKey;
    private static long ingested;
    private static int messageIds;

    @BeforeAll
    static void startServerAndIngest() throws Exception {
        TestingBrowser.assumeInstalled();
        // Explicit paths only: Selenium Manager must not look for (or download) a browser or driver.
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");

        server = LodestarServer.start(
                ServerConfig.defaults(temp.resolve("data")).withPort(0).withZone(SHANGHAI));
        writeKey = server.writeKeys().create("test").key();
        today = LocalDate.now(SHANGHAI);

        List<Map<String, Object>> batch = new ArrayList<>();
        batch.add(track("u1", "Product Viewed", at(0, 10, 0), Map.of()));
        batch.add(track("u1", "Product Viewed", at(3, 10, 0), Map.of()));
        batch.add(track("u1", "Product Viewed", at(3, 11, 0), Map.of()));
        batch.add(track("u1", "Order Completed", at(3, 0, 30), Map.of("revenue", 100)));
        batch.add(track("u2", "Product Viewed", at(5, 15, 0), Map.of()));
        batch.add(track("u2", "Order Completed", at(10, 15, 30), Map.of("revenue", 250.5)));
        batch.add(page("u3", "Pricing", at(8, 20, 0)));
        for (int i = 0; i < 1200; i++) {
            batch.add(track("u3", "Button Clicked", at(12, 9, 0).plusSeconds(i), Map.of("button", "b" + i % 7)));
        }
        batch.add(track("u3", "Product Viewed", at(20, 9, 0), Map.of()));
        batch.add(track("u3", "Signed Up", at(45, 9, 0), Map.of()));
        ingest(batch);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void englishDashboardShowsTheIngestedNumbers() throws Exception {
        Path downloads = Files.createDirectories(temp.resolve("downloads-en"));
        WebDriver driver = browser("en-US", downloads);
        try {
            driver.get(server.url());
            WebDriverWait wait = new WebDriverWait(driver, WAIT);

            assertKpis(wait, "1,208");
            ResourceBundle english = bundle(Locale.ENGLISH);
            waitForText(wait, "kpi-revenue-label", "Revenue");
            assertThat(english.getString("kpi.revenue")).isEqualTo("Revenue");
            assertThat(text(driver, "kpi-orders-label")).isEqualTo(english.getString("kpi.orders"));
            assertThat(text(driver, "app-name")).isEqualTo("Lodestar");
            assertThat(text(driver, "kpi-revenue-hint")).isEqualTo("Average order value ¥175.25");
            assertThat(text(driver, "kpi-mau-hint")).isEqualTo("Stickiness (DAU/MAU) 33.3%");
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo("en");
            assertThat(byTestId(driver, "lang-en").getAttribute("aria-pressed")).isEqualTo("true");
            assertThat(driver.getTitle()).isEqualTo(english.getString("app.title"));
            assertThat(text(driver, "range-summary"))
                    .contains(today.minusDays(29).format(DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH)))
                    .contains("Asia/Shanghai");

            // Trend of all events, one point per day of the 30.
            List<Long> all = waitForChart(wait, points -> points.size() == 30 && sum(points) == 1208);
            assertThat(all.get(29 - 12)).isEqualTo(1200);

            // Orders: the one at 00:30 Shanghai time belongs to day 3, not day 4.
            new Select(byTestId(driver, "trend-event")).selectByValue("Order Completed");
            List<Long> orders = waitForChart(wait, points -> sum(points) == 2);
            assertThat(orders).hasSize(30);
            assertThat(orders.get(29 - 3)).isEqualTo(1);
            assertThat(orders.get(29 - 10)).isEqualTo(1);
            waitForText(wait, "trend-total", "Total 2");

            // The table shows the same numbers, with English dates.
            byTestId(driver, "trend-view-toggle").click();
            wait.until(d -> byTestId(d, "trend-table").isDisplayed());
            assertThat(byTestId(driver, "trend-chart").isDisplayed()).isFalse();
            assertThat(text(driver, "trend-view-toggle")).isEqualTo("Show as chart");
            assertThat(tableValues(driver)).isEqualTo(orders);
            waitForText(wait, "trend-table-total", "2");
            String day3 = today.minusDays(3).format(DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH));
            assertThat(tableRow(driver, today.minusDays(3))).containsExactly(day3, "1");

            // CSV export of the same numbers.
            byTestId(driver, "trend-export").click();
            Path csv = waitForDownload(wait, downloads);
            assertThat(csv.getFileName().toString())
                    .isEqualTo("lodestar-trend-Order-Completed-day-" + today.minusDays(29) + "_" + today + ".csv");
            List<String> lines = Files.readAllLines(csv, UTF_8);
            assertThat(lines).hasSize(31);
            assertThat(lines.get(0)).isEqualTo("\uFEFFPeriod start,Period,Total events");
            assertThat(lines).contains(today.minusDays(3) + ",\"" + day3 + "\",1");
            assertThat(lines.stream()
                            .skip(1)
                            .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(',') + 1))))
                    .containsExactlyElementsOf(orders);
            byTestId(driver, "trend-view-toggle").click();
            wait.until(d -> byTestId(d, "trend-chart").isDisplayed());

            // Weeks and months hold the same two orders.
            new Select(byTestId(driver, "trend-interval")).selectByValue("week");
            waitForChart(wait, points -> points.size() >= 5 && points.size() <= 6 && sum(points) == 2);
            new Select(byTestId(driver, "trend-interval")).selectByValue("month");
            waitForChart(wait, points -> points.size() >= 1 && points.size() <= 2 && sum(points) == 2);

            // Unique persons per day: Product Viewed has 5 events but u1 viewed twice on day 3.
            new Select(byTestId(driver, "trend-interval")).selectByValue("day");
            new Select(byTestId(driver, "trend-event")).selectByValue("Product Viewed");
            waitForChart(wait, points -> points.size() == 30 && sum(points) == 5);
            new Select(byTestId(driver, "trend-measure")).selectByValue("persons");
            List<Long> persons = waitForChart(wait, points -> points.size() == 30 && sum(points) == 4);
            assertThat(persons.get(29 - 3)).isEqualTo(1);

            // The live counter shows the total and follows new events.
            waitForText(wait, "live-total", String.format(Locale.ENGLISH, "%,d", ingested));
            ingest(List.of(
                    track("u4", "Live Ping", at(365, 9, 0), Map.of()),
                    track("u4", "Live Ping", at(365, 9, 1), Map.of()),
                    track("u4", "Live Ping", at(365, 9, 2), Map.of())));
            waitForText(wait, "live-total", String.format(Locale.ENGLISH, "%,d", ingested));
            waitForText(wait, "live-accepted", String.format(Locale.ENGLISH, "%,d", ingested));
            assertThat(byTestId(driver, "live-status").getAttribute("data-status"))
                    .isEqualTo("live");
            assertThat(text(driver, "live-rate")).matches("\\d[\\d,]*\\.\\d");

            new Select(byTestId(driver, "trend-measure")).selectByValue("events");
            waitForChart(wait, points -> sum(points) == 5);
            screenshot(driver, wait, "dashboard-en.png");

            // A longer range takes in the sign-up of day 45.
            byTestId(driver, "range-90").click();
            waitForText(wait, "kpi-events", "1,209");
            assertThat(byTestId(driver, "range-90").getAttribute("aria-checked"))
                    .isEqualTo("true");
            assertThat(text(driver, "kpi-persons")).isEqualTo("3");
            waitForChart(wait, points -> points.size() == 90 && sum(points) == 5);
            assertThat(byTestId(driver, "error").isDisplayed()).isFalse();

            // On a phone-sized window the layout folds into one column without sideways scrolling.
            driver.manage().window().setSize(new Dimension(390, 1800));
            wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                    .executeScript("return document.documentElement.scrollWidth <= window.innerWidth")));
            screenshot(driver, wait, "dashboard-en-narrow.png");
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    @Test
    void chineseDashboardFollowsTheBrowserLanguageAndTheToggle() throws Exception {
        WebDriver driver = browser("zh-CN", Files.createDirectories(temp.resolve("downloads-zh")));
        try {
            driver.get(server.url());
            WebDriverWait wait = new WebDriverWait(driver, WAIT);

            ResourceBundle chinese = bundle(Locale.SIMPLIFIED_CHINESE);
            waitForText(wait, "kpi-revenue-label", "收入");
            assertThat(chinese.getString("kpi.revenue")).isEqualTo("收入");
            assertThat(text(driver, "app-name")).isEqualTo("北极星");
            assertThat(text(driver, "kpi-orders-label")).isEqualTo(chinese.getString("kpi.orders"));
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo("zh-CN");
            assertThat(byTestId(driver, "lang-zh-CN").getAttribute("aria-pressed"))
                    .isEqualTo("true");
            assertKpis(wait, "1,208");
            assertThat(text(driver, "kpi-revenue-hint")).isEqualTo("客单价 ¥175.25");
            assertThat(text(driver, "kpi-orders-hint")).isEqualTo("2 位购买用户");
            assertThat(text(driver, "range-summary")).contains(today.getYear() + "年");

            new Select(byTestId(driver, "trend-event")).selectByValue("Order Completed");
            List<Long> orders = waitForChart(wait, points -> points.size() == 30 && sum(points) == 2);
            waitForText(wait, "trend-total", "合计 2");
            waitForText(wait, "live-total", String.format(Locale.ENGLISH, "%,d", ingested));
            screenshot(driver, wait, "dashboard-zh-CN.png");

            byTestId(driver, "trend-view-toggle").click();
            wait.until(d -> byTestId(d, "trend-table").isDisplayed());
            assertThat(text(driver, "trend-view-toggle")).isEqualTo("以图表显示");
            assertThat(tableValues(driver)).isEqualTo(orders);
            LocalDate day3 = today.minusDays(3);
            String chineseDay3 = day3.getYear() + "年" + day3.getMonthValue() + "月" + day3.getDayOfMonth() + "日";
            assertThat(tableRow(driver, day3)).containsExactly(chineseDay3, "1");
            assertThat(text(driver, "trend-table-total")).isEqualTo("2");

            // The toggle switches every string and the date formats, and is remembered.
            byTestId(driver, "lang-en").click();
            waitForText(wait, "kpi-revenue-label", "Revenue");
            assertThat(text(driver, "app-name")).isEqualTo("Lodestar");
            assertThat(text(driver, "trend-view-toggle")).isEqualTo("Show as chart");
            assertThat(tableRow(driver, day3))
                    .containsExactly(day3.format(DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH)), "1");
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo("en");
            assertThat(((JavascriptExecutor) driver).executeScript("return localStorage.getItem('lodestar.locale')"))
                    .isEqualTo("en");

            driver.navigate().refresh();
            waitForText(wait, "kpi-revenue-label", "Revenue");
            assertKpis(wait, "1,208");

            byTestId(driver, "lang-zh-CN").click();
            waitForText(wait, "kpi-revenue-label", "收入");
            waitForText(wait, "kpi-events-label", chinese.getString("kpi.events"));
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    private static String text(WebDriver driver, String testId) {
        return byTestId(driver, testId).getText();
    }

    private static void waitForText(WebDriverWait wait, String testId, String expected) {
        String[] seen = new String[1];
        wait.withMessage(() -> "[data-testid=" + testId + "] to read '" + expected + "', last seen '" + seen[0] + "'")
                .until(d -> {
                    seen[0] = text(d, testId) + " (page errors: "
                            + ((JavascriptExecutor) d).executeScript("return JSON.stringify(window.__testErrors)")
                            + ", "
                            + d.getCurrentUrl() + ")";
                    return expected.equals(text(d, testId));
                });
    }

    /** Waits until the chart's first series satisfies `condition` and returns it. */
    private static List<Long> waitForChart(WebDriverWait wait, Function<List<Long>, Boolean> condition) {
        List<List<Long>> seen = new ArrayList<>();
        wait.withMessage(() -> "chart data to match, last seen " + (seen.isEmpty() ? "none" : seen.get(0)))
                .until(driver -> {
                    List<Long> points = chartData(driver);
                    seen.clear();
                    if (points == null) {
                        return false;
                    }
                    seen.add(points);
                    return condition.apply(points)
                            && "ready".equals(byTestId(driver, "trend-card").getAttribute("data-state"));
                });
        return seen.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Long> chartData(WebDriver driver) {
        Object data = ((JavascriptExecutor) driver)
                .executeScript(
                        """
                        const chart = window.echarts && echarts.getInstanceByDom(
                            document.querySelector('[data-testid="trend-chart"]'));
                        return chart ? chart.getOption().series[0].data : null;""");
        if (data == null) {
            return null;
        }
        return ((List<Object>) data).stream().map(v -> ((Number) v).longValue()).toList();
    }

    private static List<Long> tableValues(WebDriver driver) {
        return byTestId(driver, "trend-table").findElements(By.cssSelector("tbody td")).stream()
                .map(cell -> Long.parseLong(cell.getAttribute("data-value")))
                .toList();
    }

    private static List<String> tableRow(WebDriver driver, LocalDate day) {
        WebElement row =
                byTestId(driver, "trend-table").findElement(By.cssSelector("tr[data-start='" + day + "T00:00']"));
        return row.findElements(By.cssSelector("th, td")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static Path waitForDownload(WebDriverWait wait, Path directory) {
        Path[] found = new Path[1];
        wait.withMessage(() -> "a CSV file in " + directory).until(driver -> {
            try (Stream<Path> files = Files.list(directory)) {
                found[0] = files.filter(p -> p.toString().endsWith(".csv"))
                        .findFirst()
                        .orElse(null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return found[0] != null;
        });
        return found[0];
    }

    /** Saves a screenshot to target/ once the chart has finished drawing (and animating). */
    private static void screenshot(WebDriver driver, WebDriverWait wait, String name) throws IOException {
        wait.withMessage(() -> "the chart to finish drawing")
                .until(d -> "true".equals(byTestId(d, "trend-chart").getAttribute("data-rendered")));
        Path target = Files.createDirectories(Path.of("target"));
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(
                "i18n.messages",
                locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** `days` before today in Shanghai at the given Shanghai wall-clock time. */
    private static Instant at(int days, int hour, int minute) {
        return today.minusDays(days).atTime(hour, minute).atZone(SHANGHAI).toInstant();
    }

    private static Map<String, Object> track(
            String userId, String event, Instant timestamp, Map<String, ?> properties) {
        Map<String, Object> message = message("track", userId, timestamp);
        message.put("event", event);
        message.put("properties", properties);
        return message;
    }

    private static Map<String, Object> page(String userId, String name, Instant timestamp) {
        Map<String, Object> message = message("page", userId, timestamp);
        message.put("name", name);
        return message;
    }

    private static Map<String, Object> message(String type, String userId, Instant timestamp) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("messageId", "dashboard-test-" + messageIds++);
        message.put("userId", userId);
        message.put("timestamp", timestamp.toString());
        return message;
    }

    private static void ingest(List<Map<String, Object>> messages) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "v1/batch"))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(Map.of("batch", messages))))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ingested += messages.size();
    }

    private static WebDriver browser(String language, Path downloads) throws IOException {
        return TestingBrowser.open(temp, language, downloads, 1280);
    }

    /** The 30-day tiles; the numbers are written the same way in en and zh-CN. */
    private static void assertKpis(WebDriverWait wait, String events) {
        waitForText(wait, "kpi-events", events);
        waitForText(wait, "kpi-persons", "3");
        waitForText(wait, "kpi-dau", "1");
        waitForText(wait, "kpi-wau", "2");
        waitForText(wait, "kpi-mau", "3");
        waitForText(wait, "kpi-orders", "2");
        waitForText(wait, "kpi-revenue", "¥350.50");
        waitForText(wait, "kpi-conversion", "66.7%");
    }
}
