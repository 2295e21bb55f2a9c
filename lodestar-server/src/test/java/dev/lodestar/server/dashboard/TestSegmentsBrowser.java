package dev.lodestar.server.dashboard;

import static dev.lodestar.server.TestingHttp.JSON;
import static dev.lodestar.server.dashboard.TestingBrowser.assertNoConsoleErrors;
import static dev.lodestar.server.dashboard.TestingBrowser.byTestId;
import static dev.lodestar.server.dashboard.TestingBrowser.screenshot;
import static dev.lodestar.server.dashboard.TestingBrowser.text;
import static dev.lodestar.server.dashboard.TestingBrowser.waitForText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lodestar.server.LodestarServer;
import dev.lodestar.server.ServerConfig;
import dev.lodestar.server.TestingHttp;
import dev.lodestar.spi.segment.SegmentFields;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the segment pages (list, builder, detail), the RFM page and the matrix in headless
 * Chromium against a real server fed through the collector. Every figure the page shows is compared
 * with the REST API's own answer; the rule's size is also known from the data below.
 *
 * <pre>
 * person  traits                         orders (days before now, revenue)
 * u1      张三, city_tier 1, phone, email   3, 10, 17 days: ¥300 each
 * u2      李四, city_tier 2, phone          10 days: ¥120
 * u3      王五, city_tier 2                 200 days: ¥80
 * u4      赵六, city_tier 3                 5 days: ¥999
 * u5      (no traits)                      none; viewed a product 1 day ago
 * u6      钱七, city_tier 1                 60 and 2 days: ¥50, ¥60
 * </pre>
 *
 * The rule {@code trait.city_tier <= 2 and did("Order Completed", within = 30d)} selects u1, u2, u6.
 */
class TestSegmentsBrowser {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RULE = "trait.city_tier <= 2 and did(\"Order Completed\", within = 30d)";
    private static final Instant NOW = Instant.now();

    @TempDir
    static Path temp;

    private static LodestarServer server;
    private static int messageIds;

    @BeforeAll
    static void startServerAndIngest() throws Exception {
        TestingBrowser.assumeInstalled();
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        server = LodestarServer.start(
                ServerConfig.defaults(temp.resolve("data")).withPort(0).withZone(SHANGHAI));
        ArrayNode batch = JSON.createArrayNode();
        person(
                batch,
                "u1",
                Map.of("name", "张三", "city_tier", 1, "phone", "+86 138 0013 8001", "email", "u1@example.cn"));
        person(batch, "u2", Map.of("name", "李四", "city_tier", 2, "phone", "+86 138 0013 8002"));
        person(batch, "u3", Map.of("name", "王五", "city_tier", 2));
        person(batch, "u4", Map.of("name", "赵六", "city_tier", 3));
        person(batch, "u6", Map.of("name", "钱七", "city_tier", 1));
        order(batch, "u1", 3, 300);
        order(batch, "u1", 10, 300);
        order(batch, "u1", 17, 300);
        order(batch, "u2", 10, 120);
        order(batch, "u3", 200, 80);
        order(batch, "u4", 5, 999);
        order(batch, "u6", 60, 50);
        order(batch, "u6", 2, 60);
        message(batch, "track", "u5", 1).put("event", "Product Viewed");
        ObjectNode body = JSON.createObjectNode();
        body.set("batch", batch);
        TestingHttp.postBatch(server, TestingHttp.writeKeyAuth(server, "web"), body.toString());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void builderPreviewsChecksAndSavesARuleThenTheDetailShowsItsMembers() throws Exception {
        WebDriver driver = browser("en-US");
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url() + "#/segments");
            waitForText(wait, "segments-title", "Segments");
            assertThat(text(driver, "nav-segments")).isEqualTo("Segments");
            assertThat(byTestId(driver, "nav-segments").getAttribute("aria-current"))
                    .isEqualTo("page");
            byTestId(driver, "segments-new").click();
            waitForText(wait, "builder-title", "New segment");
            assertThat(driver.getCurrentUrl()).endsWith("#/segments/new");
            // the help lists the computed fields from the catalog; a click inserts a snippet
            wait.until(d -> !d.findElements(By.cssSelector("[data-testid='help-field-rfm.segment']"))
                    .isEmpty());

            // a misspelt trait: the error names the position the API names, and marks it
            WebElement text = byTestId(driver, "builder-text");
            String typo = "trait.ctiy_tier <= 2";
            text.sendKeys(typo);
            JsonNode error = TestingHttp.postJson(server, "api/segments/parse", textBody(typo), 400);
            int line = position(error, "line");
            int column = position(error, "column");
            waitForText(wait, "builder-syntax-position", "Line " + line + ", column " + column + ":");
            assertThat(text(driver, "builder-syntax-message")).isEqualTo(message(error));
            assertThat(byTestId(driver, "builder-preview").getAttribute("data-state"))
                    .isEqualTo("invalid");
            assertThat(byTestId(driver, "builder-syntax-mark").getAttribute("textContent"))
                    .isEqualTo(String.valueOf(typo.charAt(column - 1)));
            assertThat(text.getAttribute("aria-invalid")).isEqualTo("true");

            // an unclosed call: the position is the end of the input
            text.clear();
            String unclosed = RULE.substring(0, RULE.length() - 1);
            text.sendKeys(unclosed);
            JsonNode unclosedError = TestingHttp.postJson(server, "api/segments/parse", textBody(unclosed), 400);
            waitForText(
                    wait,
                    "builder-syntax-position",
                    "Line " + position(unclosedError, "line") + ", column " + position(unclosedError, "column") + ":");

            // the right rule: the preview's size is the API's, and the data's (u1, u2, u6)
            text.sendKeys(")");
            JsonNode preview = TestingHttp.postJson(server, "api/segments/preview", textBody(RULE), 200);
            assertThat(preview.get("size").asLong()).isEqualTo(3);
            wait.until(d -> "ready".equals(byTestId(d, "builder-preview").getAttribute("data-state")));
            assertThat(byTestId(driver, "builder-syntax").isDisplayed()).isFalse();
            assertThat(text(driver, "builder-size")).isEqualTo("3");
            assertThat(text(driver, "builder-share"))
                    .isEqualTo(String.format(
                            Locale.ENGLISH,
                            "%.1f%% of %d",
                            100.0 * 3 / preview.get("population").asLong(),
                            preview.get("population").asLong()));
            JsonNode parsed = TestingHttp.postJson(server, "api/segments/parse", textBody(RULE), 200);
            assertThat(text(driver, "builder-explain"))
                    .isEqualTo(parsed.get("explain").get("en").asText())
                    .isNotBlank();
            List<WebElement> sample = driver.findElements(By.cssSelector("[data-testid='builder-sample-person']"));
            assertThat(sample.stream().map(e -> e.getAttribute("data-person")).collect(Collectors.toSet()))
                    .isEqualTo(ids(preview.get("sample")));
            assertThat(sample.get(0).findElement(By.tagName("a")).getAttribute("href"))
                    .endsWith("#/people/" + sample.get(0).getAttribute("data-person"));
            screenshot(driver, "segment-builder-en.png");

            // save it, with a Chinese name: the detail page opens
            byTestId(driver, "builder-name").sendKeys("一二线城市近期买家");
            byTestId(driver, "builder-description").sendKeys("Ordered in the last 30 days");
            byTestId(driver, "builder-save").click();
            wait.until(d -> d.getCurrentUrl().matches(".*#/segments/(?!new$)[^/]+$"));
            String id = driver.getCurrentUrl().replaceAll(".*#/segments/", "");
            waitForText(wait, "segment-name", "一二线城市近期买家");
            JsonNode saved = TestingHttp.get(server, "api/segments/" + id, 200);
            assertThat(saved.get("size").asLong()).isEqualTo(3);
            wait.until(d -> "ready".equals(byTestId(d, "view-segment").getAttribute("data-state")));
            assertThat(text(driver, "segment-size")).isEqualTo("3");
            assertThat(text(driver, "segment-kind")).isEqualTo("Dynamic");
            assertThat(text(driver, "segment-text")).isEqualTo(saved.get("text").asText());
            assertThat(text(driver, "segment-explain"))
                    .isEqualTo(parsed.get("explain").get("en").asText());
            JsonNode members = TestingHttp.get(server, "api/segments/" + id + "/members?limit=50", 200);
            assertThat(attributes(driver, "member-row", "data-person"))
                    .containsExactlyElementsOf(idList(members.get("members")))
                    .hasSize(3);
            JsonNode history = TestingHttp.get(server, "api/segments/" + id + "/history?limit=20", 200);
            assertThat(attributes(driver, "history-row", "data-person")).containsExactlyElementsOf(personList(history));
            JsonNode sizes = TestingHttp.get(server, "api/segments/" + id + "/sizes", 200);
            assertThat(sizes.size()).isGreaterThanOrEqualTo(1);
            assertThat(byTestId(driver, "segment-sizes-chart").getAttribute("data-points"))
                    .isEqualTo(String.valueOf(sizes.size()));
            screenshot(driver, "segment-detail-en.png");

            // the export link carries the form's choices
            new Select(byTestId(driver, "segment-export-format")).selectByValue("xlsx");
            byTestId(driver, "segment-export-hashed").click();
            assertThat(byTestId(driver, "segment-export-link").getAttribute("href"))
                    .endsWith("/api/segments/" + id
                            + "/export?format=xlsx&identities=phone%2Cemail&hashed=true&phoneForm=e164");

            // refresh on demand records another evaluation
            byTestId(driver, "segment-refresh").click();
            wait.until(d -> text(d, "segment-status").contains("refreshed"));
            int evaluations = TestingHttp.get(server, "api/segments/" + id + "/sizes", 200)
                    .size();
            assertThat(evaluations).isEqualTo(sizes.size() + 1);
            wait.until(d -> String.valueOf(evaluations)
                    .equals(byTestId(d, "segment-sizes-chart").getAttribute("data-points")));

            // the list shows it with its size
            byTestId(driver, "nav-segments").click();
            wait.until(d -> attributes(d, "segment-row", "data-segment").contains(id));
            WebElement row = row(driver, "segment-row", "data-segment", id);
            assertThat(row.findElement(By.cssSelector("[data-testid='segment-link']"))
                            .getText())
                    .isEqualTo("一二线城市近期买家");
            assertThat(row.findElement(By.cssSelector("[data-testid='segment-size']"))
                            .getText())
                    .isEqualTo("3");
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    @Test
    void staticListReportsMatchesAndOverlapsInChinese() throws Exception {
        WebDriver driver = browser("zh-CN");
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            String dynamic = TestingHttp.postJson(
                            server,
                            "api/segments",
                            "{\"name\":\"一线城市\",\"kind\":\"dynamic\",\"text\":\"trait.city_tier = 1\"}",
                            201)
                    .get("id")
                    .asText();
            driver.get(server.url() + "#/segments/new");
            waitForText(wait, "builder-title", "新建人群");
            assertThat(text(driver, "nav-segments")).isEqualTo("人群");
            byTestId(driver, "builder-kind-static").click();
            assertThat(byTestId(driver, "builder-text").isDisplayed()).isFalse();
            byTestId(driver, "builder-name").sendKeys("CRM 名单");
            byTestId(driver, "builder-identifiers").sendKeys("+86 138-0013-8001\n13800138002\nnobody@example.com\n");
            byTestId(driver, "builder-save").click();
            waitForText(wait, "builder-status", "已保存“CRM 名单”。");
            assertThat(text(driver, "builder-upload-matched")).isEqualTo("2");
            assertThat(text(driver, "builder-upload-unmatched")).isEqualTo("1");
            assertThat(text(driver, "builder-upload-unmatched-samples")).isEqualTo("nobody@example.com");
            assertThat(text(driver, "builder-upload-size")).isEqualTo("2");
            String list = driver.getCurrentUrl().replaceAll(".*#/segments/([^/]+)/edit$", "$1");
            assertThat(TestingHttp.get(server, "api/segments/" + list, 200)
                            .get("size")
                            .asLong())
                    .isEqualTo(2);

            byTestId(driver, "builder-open").click();
            waitForText(wait, "segment-name", "CRM 名单");
            assertThat(text(driver, "segment-kind")).isEqualTo("静态");
            wait.until(d -> attributes(d, "member-row", "data-person").size() == 2);

            // overlap of the list (u1, u2) and tier-1 buyers (u1, u6)
            byTestId(driver, "nav-segments").click();
            wait.until(d -> attributes(d, "segment-row", "data-segment").containsAll(List.of(list, dynamic)));
            assertThat(byTestId(driver, "overlap-run").isEnabled()).isFalse();
            row(driver, "segment-row", "data-segment", list)
                    .findElement(By.cssSelector("[data-testid='segment-select']"))
                    .click();
            row(driver, "segment-row", "data-segment", dynamic)
                    .findElement(By.cssSelector("[data-testid='segment-select']"))
                    .click();
            byTestId(driver, "overlap-run").click();
            JsonNode overlap = TestingHttp.get(server, "api/segments/overlap?ids=" + list + "," + dynamic, 200);
            Map<String, String> expected = new HashMap<>();
            for (JsonNode cell : overlap.get("cells")) {
                List<String> ids = new ArrayList<>();
                cell.get("segments").forEach(s -> ids.add(s.asText()));
                expected.put(String.join(",", ids), cell.get("persons").asText());
            }
            assertThat(expected.values().stream().mapToLong(Long::parseLong).sum())
                    .isEqualTo(3);
            wait.until(d -> !attributes(d, "overlap-cell", "data-segments").isEmpty());
            Map<String, String> shown = new HashMap<>();
            for (WebElement cell : driver.findElements(By.cssSelector("[data-testid='overlap-cell']"))) {
                shown.put(
                        cell.getAttribute("data-segments"),
                        cell.findElement(By.cssSelector("[data-testid='overlap-persons']"))
                                .getText());
            }
            assertThat(shown).isEqualTo(expected);
            screenshot(driver, "segments-zh.png");

            // deleting asks first
            row(driver, "segment-row", "data-segment", list)
                    .findElement(By.cssSelector("[data-testid='segment-delete']"))
                    .click();
            waitForText(wait, "segments-confirm-ok", "删除人群");
            byTestId(driver, "segments-confirm-ok").click();
            wait.until(d -> !attributes(d, "segment-row", "data-segment").contains(list));
            TestingHttp.get(server, "api/segments/" + list, 404);
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    @Test
    void rfmPageShowsTheApiFiguresAndOpensTheBuilder() throws Exception {
        WebDriver driver = browser("en-US");
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url());
            byTestId(driver, "nav-rfm").click();
            wait.until(d -> "ready".equals(byTestId(d, "view-rfm").getAttribute("data-state")));
            JsonNode grid = TestingHttp.get(server, "api/rfm/grid", 200);
            assertThat(grid.get("buyers").asLong()).isEqualTo(5);
            long persons = 0;
            for (JsonNode cell : grid.get("cells")) {
                String testId = "rfm-cell-" + cell.get("r").asInt() + "-"
                        + cell.get("f").asInt();
                WebElement shown = byTestId(driver, testId);
                assertThat(shown.getAttribute("data-persons"))
                        .isEqualTo(cell.get("persons").asText());
                assertThat(shown.getAttribute("textContent"))
                        .isEqualTo(cell.get("persons").asText());
                persons += cell.get("persons").asLong();
            }
            assertThat(persons).isEqualTo(5);
            wait.until(d -> "true".equals(byTestId(d, "rfm-grid-chart").getAttribute("data-rendered")));

            // colour by revenue: the table shows money
            byTestId(driver, "rfm-measure-revenue").click();
            assertThat(byTestId(driver, "rfm-grid-card").getAttribute("data-measure"))
                    .isEqualTo("revenue");
            for (JsonNode cell : grid.get("cells")) {
                WebElement shown = byTestId(
                        driver,
                        "rfm-cell-" + cell.get("r").asInt() + "-"
                                + cell.get("f").asInt());
                assertThat(shown.getAttribute("textContent")).startsWith("¥");
            }

            // the eleven named segments with the API's counts, which add up to the buyers
            Map<String, Long> named = namedSegments(grid);
            assertThat(named).hasSize(11);
            assertThat(named.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
            for (Map.Entry<String, Long> segment : named.entrySet()) {
                WebElement row = row(driver, "rfm-segment", "data-segment", segment.getKey());
                assertThat(row.findElement(By.cssSelector("[data-testid='rfm-segment-persons']"))
                                .getText())
                        .isEqualTo(String.valueOf(segment.getValue()));
            }
            JsonNode tiers = TestingHttp.get(server, "api/value/tiers", 200);
            assertThat(driver.findElements(By.cssSelector("[data-testid='value-deciles-row']")))
                    .hasSize(tiers.get("deciles").size());
            assertThat(driver.findElements(By.cssSelector("[data-testid='value-abc-row']")))
                    .hasSize(tiers.get("abc").size());
            wait.until(d -> !d.findElements(By.cssSelector("[data-testid='migration-count']"))
                    .isEmpty());
            String from = byTestId(driver, "rfm-migration-from").getAttribute("value");
            String to = byTestId(driver, "rfm-migration-to").getAttribute("value");
            JsonNode migration = TestingHttp.get(server, "api/rfm/migration?from=" + from + "&to=" + to, 200);
            long total = 0;
            for (JsonNode row : migration.get("counts")) {
                for (JsonNode count : row) {
                    total += count.asLong();
                }
            }
            long shownTotal = driver.findElements(By.cssSelector("[data-testid='migration-count']")).stream()
                    .mapToLong(e -> Long.parseLong(e.getText().replace(",", "")))
                    .sum();
            assertThat(shownTotal).isEqualTo(total);
            screenshot(driver, "rfm-en.png");

            // in Chinese the segments carry their Chinese names; one opens the builder with its rule
            byTestId(driver, "lang-zh-CN").click();
            waitForText(wait, "rfm-title", "RFM 与客户价值");
            WebElement champions = row(driver, "rfm-segment", "data-segment", "Champions")
                    .findElement(By.cssSelector("[data-testid='rfm-segment-link']"));
            assertThat(champions.getText()).isEqualTo("重要价值客户");
            row(driver, "rfm-segment", "data-segment", "At Risk")
                    .findElement(By.cssSelector("[data-testid='rfm-segment-link']"))
                    .click();
            waitForText(wait, "builder-title", "新建人群");
            wait.until(d -> "rfm.segment = \"At Risk\""
                    .equals(byTestId(d, "builder-text").getAttribute("value")));
            assertThat(byTestId(driver, "builder-name").getAttribute("value")).isEqualTo("流失风险客户");
            JsonNode preview =
                    TestingHttp.postJson(server, "api/segments/preview", textBody("rfm.segment = \"At Risk\""), 200);
            wait.until(d -> "ready".equals(byTestId(d, "builder-preview").getAttribute("data-state")));
            assertThat(text(driver, "builder-size"))
                    .isEqualTo(preview.get("size").asText());
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    @Test
    void matrixCellsMatchTheApiAndBecomeSegments() throws Exception {
        WebDriver driver = browser("en-US");
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url() + "#/matrix");
            waitForText(wait, "matrix-title", "Matrix");
            wait.until(d -> new Select(byTestId(d, "matrix-dim-1"))
                    .getOptions().stream().anyMatch(o -> "trait.city_tier".equals(o.getAttribute("value"))));
            new Select(byTestId(driver, "matrix-dim-1")).selectByValue("trait.city_tier");
            byTestId(driver, "matrix-run").click();
            JsonNode matrix = TestingHttp.postJson(
                    server, "api/matrix", "{\"dimensions\":[{\"field\":\"trait.city_tier\",\"top\":10}]}", 200);
            wait.until(d -> d.findElements(By.cssSelector("[data-testid='matrix-cell']"))
                            .size()
                    == matrix.get("cells").size());
            List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='matrix-cell']"));
            long persons = 0;
            for (int i = 0; i < rows.size(); i++) {
                JsonNode cell = matrix.get("cells").get(i);
                assertThat(rows.get(i).getAttribute("data-values"))
                        .isEqualTo(cell.get("values").toString());
                assertThat(rows.get(i)
                                .findElement(By.cssSelector("[data-testid='matrix-persons']"))
                                .getText())
                        .isEqualTo(cell.get("persons").asText());
                persons += cell.get("persons").asLong();
            }
            // tiers 1, 2 and 3 hold five persons; u5 has no tier
            assertThat(persons).isBetween(5L, 6L);
            screenshot(driver, "matrix-en.png");
            JsonNode first = matrix.get("cells").get(0);
            rows.get(0)
                    .findElement(By.cssSelector("[data-testid='matrix-save']"))
                    .click();
            waitForText(wait, "builder-title", "New segment");
            wait.until(d -> first.get("text")
                    .asText()
                    .equals(byTestId(d, "builder-text").getAttribute("value")));
            wait.until(d -> "ready".equals(byTestId(d, "builder-preview").getAttribute("data-state")));
            assertThat(text(driver, "builder-size"))
                    .isEqualTo(first.get("persons").asText());
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    /**
     * Persons per named RFM segment: the grid's {@code segments}, or else the matrix over {@code
     * rfm.segment} (as the page reads them).
     */
    private static Map<String, Long> namedSegments(JsonNode grid) throws Exception {
        Map<String, Long> named = new LinkedHashMap<>();
        if (grid.has("segments")) {
            grid.get("segments")
                    .forEach(s ->
                            named.put(s.get("name").asText(), s.get("persons").asLong()));
            return named;
        }
        for (String name : SegmentFields.RFM_SEGMENTS) {
            named.put(name, 0L);
        }
        JsonNode matrix = TestingHttp.postJson(
                server, "api/matrix", "{\"dimensions\":[{\"field\":\"rfm.segment\",\"top\":11}]}", 200);
        for (JsonNode cell : matrix.get("cells")) {
            if (!cell.get("values").get(0).isNull()) {
                named.put(
                        cell.get("values").get(0).asText(), cell.get("persons").asLong());
            }
        }
        return named;
    }

    /** A syntax error's 1-based line or column, from the answer's details. */
    private static int position(JsonNode error, String name) {
        JsonNode details = error.has("details") ? error.get("details") : error.get("error");
        assertThat(details.has(name)).as("%s in %s", name, error).isTrue();
        return details.get(name).asInt();
    }

    private static String message(JsonNode error) {
        return error.has("title")
                ? error.get("title").asText()
                : error.get("error").get("message").asText();
    }

    private static String textBody(String text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text);
        return body.toString();
    }

    private static Set<String> ids(JsonNode persons) {
        return StreamSupport.stream(persons.spliterator(), false)
                .map(p -> p.get("id").asText())
                .collect(Collectors.toSet());
    }

    private static List<String> idList(JsonNode persons) {
        return StreamSupport.stream(persons.spliterator(), false)
                .map(p -> p.get("id").asText())
                .toList();
    }

    private static List<String> personList(JsonNode history) {
        return StreamSupport.stream(history.spliterator(), false)
                .map(h -> h.get("person").asText())
                .toList();
    }

    private static List<String> attributes(WebDriver driver, String testId, String attribute) {
        return retrying(driver, d -> d.findElements(By.cssSelector("[data-testid='" + testId + "']")).stream()
                .map(e -> e.getAttribute(attribute))
                .toList());
    }

    private static WebElement row(WebDriver driver, String testId, String attribute, String value) {
        return driver.findElement(By.cssSelector(
                "[data-testid='" + testId + "'][" + attribute + "='" + value.replace("'", "\\'") + "']"));
    }

    /** Reads the page again when it was re-rendered while being read. */
    private static <T> T retrying(WebDriver driver, Function<WebDriver, T> read) {
        for (int attempt = 0; ; attempt++) {
            try {
                return read.apply(driver);
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static void person(ArrayNode batch, String userId, Map<String, Object> traits) {
        ObjectNode identify = message(batch, "identify", userId, 400);
        identify.set("traits", JSON.valueToTree(traits));
    }

    private static void order(ArrayNode batch, String userId, int daysAgo, double revenue) {
        ObjectNode track = message(batch, "track", userId, daysAgo);
        track.put("event", "Order Completed");
        track.putObject("properties").put("revenue", revenue).put("order_id", "O-" + messageIds);
    }

    private static ObjectNode message(ArrayNode batch, String type, String userId, int daysAgo) {
        ObjectNode message = batch.addObject();
        message.put("type", type);
        message.put("messageId", "segments-test-" + messageIds++);
        message.put("userId", userId);
        message.put("timestamp", NOW.minus(Duration.ofDays(daysAgo)).toString());
        return message;
    }

    private static WebDriver browser(String language) throws IOException {
        return TestingBrowser.open(temp, language, null, 1600);
    }
}
