package dev.lodestar.server.dashboard;

import static dev.lodestar.server.dashboard.TestingBrowser.assertNoConsoleErrors;
import static dev.lodestar.server.dashboard.TestingBrowser.byTestId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the People page (search and 360° profile) in headless Chromium against a real server, in
 * English and in Simplified Chinese. Each test uses its own persons, so they run in any order.
 *
 * <pre>
 * person      events
 * 张三        anonymous "anon-zhang": page 首页, Product Viewed x2 (from 2026-03-01T17:30Z, which is
 *             March 2 01:30 in Shanghai); identify u-zhang + anon-zhang with phone, e-mail, name,
 *             consent_sms true, consent_email false; Order Completed ¥1,288.50. 5 events.
 * 李四        u-pager: identify with name, then 60 Button Clicked: 61 events, two timeline pages
 * 王五        u-erase with phone +86 137 0013 7000, erased by the test
 * (no name)   anon-merge viewed a product, then identify u-merge + anon-merge: one merge, undone
 * </pre>
 */
class TestPeopleBrowser {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant T0 = Instant.parse("2026-03-01T17:30:00Z");

    @TempDir
    static Path temp;

    private static LodestarServer server;
    private static String writeKey;
    private static int messageIds;

    @BeforeAll
    static void startServerAndIngest() throws Exception {
        TestingBrowser.assumeInstalled();
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");

        server = LodestarServer.start(
                ServerConfig.defaults(temp.resolve("data")).withPort(0).withZone(SHANGHAI));
        writeKey = server.writeKeys().create("web").key();

        List<Map<String, Object>> batch = new ArrayList<>();
        // 张三: anonymous browsing, then identify, then an order
        batch.add(page(null, "anon-zhang", "首页", T0));
        batch.add(track(null, "anon-zhang", "Product Viewed", T0.plusSeconds(60), Map.of("sku", "SKU-1")));
        batch.add(track(null, "anon-zhang", "Product Viewed", T0.plusSeconds(120), Map.of("sku", "SKU-2")));
        batch.add(identify(
                "u-zhang",
                "anon-zhang",
                T0.plusSeconds(180),
                Map.of(
                        "phone", "+86-138-0013-8000",
                        "email", "Zhang.San@Example.CN",
                        "name", "张三",
                        "consent_sms", true,
                        "consent_email", false)));
        batch.add(track(
                "u-zhang", null, "Order Completed", T0.plusSeconds(600), Map.of("revenue", 1288.5, "order_id", "O-1")));
        // 李四: more than one page of timeline
        batch.add(identify("u-pager", null, T0, Map.of("name", "李四")));
        for (int i = 1; i <= 60; i++) {
            batch.add(track("u-pager", null, "Button Clicked", T0.plusSeconds(i * 60L), Map.of("button", "b" + i)));
        }
        // 王五: to be erased
        batch.add(identify("u-erase", null, T0, Map.of("name", "王五", "phone", "+86 137 0013 7000")));
        batch.add(track("u-erase", null, "Product Viewed", T0.plusSeconds(60), Map.of()));
        // a merge to undo
        batch.add(track(null, "anon-merge", "Product Viewed", T0, Map.of()));
        batch.add(identify("u-merge", "anon-merge", T0.plusSeconds(60), Map.of()));
        ingest(batch);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void englishSearchShowsTheWholeProfileAndExportsIt() throws Exception {
        Path downloads = Files.createDirectories(temp.resolve("downloads-en"));
        WebDriver driver = browser("en-US", downloads);
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url());
            // the overview stays the default page; the header leads to People
            waitForText(wait, "nav-people", "People");
            assertThat(byTestId(driver, "nav-overview").getAttribute("aria-current"))
                    .isEqualTo("page");
            assertThat(byTestId(driver, "view-people").isDisplayed()).isFalse();
            byTestId(driver, "nav-people").click();
            wait.until(d -> byTestId(d, "view-people").isDisplayed());
            assertThat(driver.getCurrentUrl()).endsWith("#/people");
            assertThat(byTestId(driver, "view-overview").isDisplayed()).isFalse();
            assertThat(byTestId(driver, "nav-people").getAttribute("aria-current"))
                    .isEqualTo("page");
            assertThat(byTestId(driver, "nav-overview").getAttribute("aria-current"))
                    .isNull();
            assertThat(driver.getTitle()).isEqualTo("People · Lodestar");
            assertThat(active(driver).getAttribute("data-testid")).isEqualTo("people-title");

            // auto-detect reads the phone; Enter submits
            WebElement query = byTestId(driver, "people-query");
            query.sendKeys("138 0013 8000");
            waitForText(wait, "people-search-hint", "Will search as: Phone");
            query.sendKeys(Keys.ENTER);
            assertZhangSan(wait, driver);
            assertThat(driver.getCurrentUrl()).matches(".*#/people/p[0-9a-f]{16}$");
            assertThat(active(driver).getAttribute("data-testid")).isEqualTo("profile-name");

            assertThat(text(driver, "profile-revenue")).isEqualTo("¥1,288.50");
            // every event at 01:30-01:40 Shanghai time; no message engagement
            assertThat(text(driver, "engagement-peak-hours")).isEqualTo("01:00");
            assertThat(text(driver, "engagement-channel")).isEqualTo("No message engagement yet");
            // no segment saved and no score computed in this data directory yet
            assertThat(text(driver, "profile-segments")).isEqualTo("In no saved segment");
            assertThat(text(driver, "profile-rfm")).isEqualTo("Not computed yet");
            assertThat(driver.findElements(org.openqa.selenium.By.cssSelector(
                                    "[data-testid=engagement-hours] [data-hour='1']"))
                            .get(0)
                            .getAttribute("data-count"))
                    .isEqualTo("5");
            assertThat(text(driver, "profile-first-seen"))
                    .startsWith("Mar 2, 2026")
                    .contains("1:30");
            assertThat(text(driver, "profile-last-seen"))
                    .startsWith("Mar 2, 2026")
                    .contains("1:40");
            assertThat(identities(driver, "phone")).containsExactly("+8613800138000");
            assertThat(identities(driver, "email")).containsExactly("zhang.san@example.cn");
            assertThat(identities(driver, "user_id")).containsExactly("u-zhang");
            assertThat(identities(driver, "anonymous_id")).containsExactly("anon-zhang");
            List<String> name = traitRow(driver, "name");
            assertThat(name).hasSize(4).startsWith("name", "张三", "web");
            assertThat(name.get(3)).startsWith("Mar 2, 2026").contains("1:33");
            assertThat(text(driver, "consent-sms-state")).isEqualTo("✓\nGranted");
            assertThat(text(driver, "consent-email-state")).isEqualTo("✕\nRefused");
            assertThat(text(driver, "consent-wechat-state")).isEqualTo("?\nUnknown");
            assertThat(timeline(driver))
                    .containsExactly("Order Completed", "Identify", "Product Viewed", "Product Viewed", "首页");
            assertThat(text(driver, "timeline-count")).isEqualTo("Showing 5 of 5 events, newest first");
            assertThat(byTestId(driver, "timeline-more").isDisplayed()).isFalse();
            assertThat(driver.findElements(By.cssSelector("[data-testid='merge']")))
                    .isNotEmpty();
            assertThat(text(driver, "profile-merges")).contains("Identify call", "Joined");
            screenshot(driver, "people-en.png");

            // the export downloads the person's data as JSON
            String id = text(driver, "profile-id");
            byTestId(driver, "profile-export").click();
            Path json = waitForDownload(wait, downloads, "person-" + id + ".json");
            JsonNode export = MAPPER.readTree(Files.readString(json, UTF_8));
            assertThat(export.get("id").asText()).isEqualTo(id);
            assertThat(export.get("events")).hasSize(5);
            assertThat(export.get("traits").toString()).contains("张三");

            // a deep link opens the same profile after a reload
            driver.navigate().refresh();
            assertZhangSan(wait, driver);

            // a phone nobody has, and a value that is no phone, are explained inline
            query = byTestId(driver, "people-query");
            query.clear();
            query.sendKeys("139 0000 1111");
            byTestId(driver, "people-submit").click();
            waitForText(wait, "people-search-error-message", "No person found with Phone “139 0000 1111”.");
            assertThat(text(driver, "people-search-error-detail"))
                    .isEqualTo("It was read as Phone; choose the identifier type if that is wrong.");
            assertThat(byTestId(driver, "profile").isDisplayed()).isFalse();
            assertThat(byTestId(driver, "people-search-error").getAttribute("role"))
                    .isEqualTo("alert");

            new Select(byTestId(driver, "people-type")).selectByValue("phone");
            query = byTestId(driver, "people-query");
            query.clear();
            query.sendKeys("12345", Keys.ENTER);
            waitForText(wait, "people-search-error-message", "“12345” is not a valid Phone.");
            assertThat(text(driver, "people-search-error-detail")).startsWith("Server: phone '12345' is not valid");
            assertThat(query.getAttribute("aria-invalid")).isEqualTo("true");

            // an explicit type: the e-mail in another spelling finds the same person
            new Select(byTestId(driver, "people-type")).selectByValue("email");
            query.clear();
            query.sendKeys(" ZHANG.SAN@example.cn ", Keys.ENTER);
            assertZhangSan(wait, driver);
            assertThat(byTestId(driver, "people-search-error").isDisplayed()).isFalse();

            // a name with Chinese characters is searched as a name under "auto"
            new Select(byTestId(driver, "people-type")).selectByValue("auto");
            query.clear();
            query.sendKeys("张三");
            waitForText(wait, "people-search-hint", "Will search as: Name");
            query.sendKeys(Keys.ENTER);
            assertZhangSan(wait, driver);

            // back to the overview through the header
            byTestId(driver, "nav-overview").click();
            wait.until(d -> byTestId(d, "view-overview").isDisplayed());
            waitForText(wait, "kpi-revenue-label", "Revenue");
            assertThat(driver.getTitle()).isEqualTo("Overview · Lodestar");
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    @Test
    void chineseProfilePagesTheTimelineAndSwitchesLanguage() throws Exception {
        WebDriver driver = browser("zh-CN", Files.createDirectories(temp.resolve("downloads-zh")));
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            ResourceBundle chinese = bundle(Locale.SIMPLIFIED_CHINESE);
            driver.get(server.url() + "#/people");
            waitForText(wait, "people-title", "用户");
            assertThat(text(driver, "nav-people")).isEqualTo(chinese.getString("nav.people"));
            assertThat(text(driver, "nav-overview")).isEqualTo("概览");
            assertThat(driver.getTitle()).isEqualTo("用户 · 北极星");

            WebElement query = byTestId(driver, "people-query");
            query.sendKeys("138 0013 8000");
            waitForText(wait, "people-search-hint", "将按手机号搜索");
            query.sendKeys(Keys.ENTER);
            waitForText(wait, "profile-name", "张三");
            waitForText(wait, "profile-events", "5");
            assertThat(text(driver, "profile-revenue")).isEqualTo("¥1,288.50");
            assertThat(text(driver, "profile-first-seen")).isEqualTo("2026年3月2日 01:30");
            assertThat(text(driver, "consent-sms-state")).isEqualTo("✓\n已同意");
            assertThat(text(driver, "consent-email-state")).isEqualTo("✕\n已拒绝");
            assertThat(text(driver, "consent-push-state")).isEqualTo("?\n未知");
            assertThat(timeline(driver))
                    .containsExactly("Order Completed", "识别用户", "Product Viewed", "Product Viewed", "首页");
            assertThat(byTestId(driver, "identities-card").getText())
                    .contains("用户 ID", "匿名 ID", "手机号", "邮箱", "u-zhang", "anon-zhang", "+8613800138000");
            assertThat(text(driver, "traits-card")).contains("属性", "来源", "更新时间");
            screenshot(driver, "people-zh-CN.png");

            // the language toggle re-renders the profile in place
            byTestId(driver, "lang-en").click();
            waitForText(wait, "consent-sms-state", "✓\nGranted");
            assertThat(text(driver, "profile-first-seen")).startsWith("Mar 2, 2026");
            assertThat(timeline(driver).get(1)).isEqualTo("Identify");
            byTestId(driver, "lang-zh-CN").click();
            waitForText(wait, "consent-sms-state", "✓\n已同意");

            // not found, in Chinese
            query = byTestId(driver, "people-query");
            query.clear();
            query.sendKeys("139 0000 1111", Keys.ENTER);
            waitForText(wait, "people-search-error-message", "没有找到手机号为“139 0000 1111”的用户。");

            // 61 events: the first page holds 50, "load more" brings the rest, newest first
            query.clear();
            query.sendKeys("u-pager");
            waitForText(wait, "people-search-hint", "将按用户 ID搜索");
            query.sendKeys(Keys.ENTER);
            waitForText(wait, "profile-name", "李四");
            waitForText(wait, "profile-events", "61");
            waitForText(wait, "timeline-count", "显示 50 / 61 个事件，最新的在前");
            List<String> first = timeline(driver);
            assertThat(first).hasSize(50).allMatch("Button Clicked"::equals);
            WebElement more = byTestId(driver, "timeline-more");
            assertThat(more.getText()).isEqualTo("加载更多");
            more.sendKeys(Keys.ENTER);
            waitForText(wait, "timeline-count", "显示 61 / 61 个事件，最新的在前");
            List<String> all = timeline(driver);
            assertThat(all).hasSize(61);
            assertThat(all.get(60)).isEqualTo("识别用户");
            assertThat(messageIds(driver)).doesNotHaveDuplicates();
            assertThat(byTestId(driver, "timeline-more").isDisplayed()).isFalse();
            assertThat(text(driver, "timeline-end")).isEqualTo("已经是第一个事件。");
            assertThat(active(driver).getAttribute("data-message-id"))
                    .isEqualTo(messageIds(driver).get(50));
            List<String> times = driver.findElements(By.cssSelector("[data-testid='timeline-item'] time")).stream()
                    .map(e -> e.getAttribute("datetime"))
                    .toList();
            assertThat(times).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
            screenshot(driver, "people-zh-CN-paged.png");
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    @Test
    void erasureAndUndoMergeAskFirst() throws Exception {
        WebDriver driver = browser("en-US", Files.createDirectories(temp.resolve("downloads-erase")));
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url() + "#/people");
            WebElement query = byTestId(driver, "people-query");
            waitForText(wait, "people-title", "People");
            query.sendKeys("+86 137 0013 7000", Keys.ENTER);
            waitForText(wait, "profile-name", "王五");
            waitForText(wait, "profile-events", "2");
            String id = text(driver, "profile-id");

            // Escape cancels, and nothing is erased
            byTestId(driver, "profile-erase").click();
            wait.until(d -> byTestId(d, "confirm-dialog").isDisplayed());
            assertThat(text(driver, "confirm-title")).isEqualTo("Erase this person?");
            assertThat(text(driver, "confirm-message")).contains("王五", "2 events", "cannot be undone");
            assertThat(active(driver).getAttribute("data-testid")).isEqualTo("confirm-cancel");
            active(driver).sendKeys(Keys.ESCAPE);
            wait.until(d -> !byTestId(d, "confirm-dialog").isDisplayed());
            assertThat(active(driver).getAttribute("data-testid")).isEqualTo("profile-erase");
            assertThat(get("api/persons/" + id).statusCode()).isEqualTo(200);

            byTestId(driver, "profile-erase").click();
            wait.until(d -> byTestId(d, "confirm-dialog").isDisplayed());
            screenshot(driver, "people-en-erase-dialog.png");
            assertThat(text(driver, "confirm-ok")).isEqualTo("Erase permanently");
            byTestId(driver, "confirm-ok").click();
            waitForText(
                    wait,
                    "people-notice",
                    "Person " + id + " was erased: 2 events and 2 identifiers deleted."
                            + " An audit entry without personal data was kept.");
            assertThat(byTestId(driver, "profile").isDisplayed()).isFalse();
            assertThat(driver.getCurrentUrl()).endsWith("#/people");

            query = byTestId(driver, "people-query");
            query.clear();
            query.sendKeys("13700137000", Keys.ENTER);
            waitForText(wait, "people-search-error-message", "No person found with Phone “13700137000”.");
            assertThat(byTestId(driver, "people-notice").isDisplayed()).isFalse();

            // undoing the identify's merge splits the anonymous id off again
            new Select(byTestId(driver, "people-type")).selectByValue("user_id");
            query.clear();
            query.sendKeys("u-merge", Keys.ENTER);
            waitForText(wait, "profile-events", "2");
            assertThat(identities(driver, "anonymous_id")).containsExactly("anon-merge");
            List<WebElement> merges = driver.findElements(By.cssSelector("[data-testid='merge-undo']"));
            assertThat(merges).hasSize(1);
            assertThat(merges.get(0).getAttribute("aria-label"))
                    .startsWith("Undo merge")
                    .contains("anon-merge");
            merges.get(0).click();
            wait.until(d -> byTestId(d, "confirm-dialog").isDisplayed());
            assertThat(text(driver, "confirm-title")).isEqualTo("Undo this merge?");
            byTestId(driver, "confirm-ok").click();
            waitForText(wait, "people-notice", "The merge was undone.");
            waitForText(wait, "profile-merges", "This person was never merged.");
            assertThat(driver.findElements(By.cssSelector("[data-testid^='identity-']")))
                    .hasSize(1);
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    private static void assertZhangSan(WebDriverWait wait, WebDriver driver) {
        waitForText(wait, "profile-name", "张三");
        waitForText(wait, "profile-events", "5");
        assertThat(text(driver, "profile-orders")).isEqualTo("1");
        assertThat(text(driver, "profile-id")).matches("p[0-9a-f]{16}");
        assertThat(driver.findElements(By.cssSelector("[data-testid='timeline-item']")))
                .hasSize(5);
    }

    private static List<String> identities(WebDriver driver, String type) {
        return driver.findElements(By.cssSelector("[data-testid='identity-" + type + "']")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static List<String> traitRow(WebDriver driver, String name) {
        return driver
                .findElements(By.cssSelector("[data-trait='" + name + "'] th, [data-trait='" + name + "'] td"))
                .stream()
                .map(WebElement::getText)
                .toList();
    }

    private static List<String> timeline(WebDriver driver) {
        return driver.findElements(By.cssSelector("[data-testid='timeline-name']")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static List<String> messageIds(WebDriver driver) {
        return driver.findElements(By.cssSelector("[data-testid='timeline-item']")).stream()
                .map(e -> e.getAttribute("data-message-id"))
                .toList();
    }

    private static WebElement active(WebDriver driver) {
        return driver.switchTo().activeElement();
    }

    private static String text(WebDriver driver, String testId) {
        return byTestId(driver, testId).getText();
    }

    private static void waitForText(WebDriverWait wait, String testId, String expected) {
        String[] seen = new String[2];
        wait.withMessage(() -> "[data-testid=" + testId + "] to read '" + expected + "', last seen '" + seen[0]
                        + "' (page: " + seen[1] + ")")
                .ignoring(StaleElementReferenceException.class) // the list was re-rendered meanwhile
                .until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector("[data-testid='" + testId + "']"));
                    seen[0] = found.isEmpty() ? null : found.get(0).getText();
                    // what the page said, for the failure message
                    seen[1] = String.valueOf(
                            ((JavascriptExecutor) d)
                                    .executeScript(
                                            """
                                    const error = document.querySelector('[data-testid="people-search-error"]');
                                    return JSON.stringify({url: location.href, errors: window.__testErrors,
                                        searchError: error && !error.hidden ? error.textContent : null});"""));
                    return expected.equals(seen[0]);
                });
    }

    private static Path waitForDownload(WebDriverWait wait, Path directory, String name) {
        Path file = directory.resolve(name);
        wait.withMessage(() -> file + " to be downloaded").until(driver -> {
            try (Stream<Path> files = Files.list(directory)) {
                // Chromium writes into a .crdownload file and renames it when done
                return files.anyMatch(file::equals);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return file;
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(
                "i18n.messages",
                locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static Map<String, Object> identify(
            String userId, String anonymousId, Instant timestamp, Map<String, ?> traits) {
        Map<String, Object> message = message("identify", userId, anonymousId, timestamp);
        message.put("traits", traits);
        return message;
    }

    private static Map<String, Object> track(
            String userId, String anonymousId, String event, Instant timestamp, Map<String, ?> properties) {
        Map<String, Object> message = message("track", userId, anonymousId, timestamp);
        message.put("event", event);
        message.put("properties", properties);
        return message;
    }

    private static Map<String, Object> page(String userId, String anonymousId, String name, Instant timestamp) {
        Map<String, Object> message = message("page", userId, anonymousId, timestamp);
        message.put("name", name);
        return message;
    }

    private static Map<String, Object> message(String type, String userId, String anonymousId, Instant timestamp) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("messageId", "people-test-" + messageIds++);
        if (userId != null) {
            message.put("userId", userId);
        }
        if (anonymousId != null) {
            message.put("anonymousId", anonymousId);
        }
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
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static WebDriver browser(String language, Path downloads) throws IOException {
        return TestingBrowser.open(temp, language, downloads, 1600);
    }
}
