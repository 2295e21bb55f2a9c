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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the Import page in headless Chromium against a real server: a GBK-encoded CSV with
 * Chinese headers is uploaded through the file input, its data-quality report is checked, it is
 * imported, and the person is then found over the API. In English and in Simplified Chinese.
 */
class TestImportBrowser {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Charset GBK = Charset.forName("GBK");

    /**
     * Line 4 has a phone that is no phone; its row stays (the customer number identifies it). Line 7
     * has no identifier at all and is rejected.
     */
    private static final String CUSTOMERS =
            """
            客户编号,姓名,手机号码,邮箱,注册时间
            C101,张伟,138 0013 8101,zhangwei@example.cn,2026-01-05 10:00:00
            C102,王芳,+86-139-0013-9102,wangfang@example.cn,2026/1/6 11:30
            C103,李娜,12345,lina@example.cn,2026-01-07 09:15:00
            C104,刘洋,8613700137104,,2026-01-08 08:00:00
            C105,陈静,+86 136 0013 6105,chenjing@example.cn,2026-01-09 12:00:00
            ,无名氏,,,2026-01-10 12:00:00
            """;

    @TempDir
    static Path temp;

    private static LodestarServer server;
    private static Path csv;

    @BeforeAll
    static void startServer() throws IOException {
        TestingBrowser.assumeInstalled();
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        server = LodestarServer.start(
                ServerConfig.defaults(temp.resolve("data")).withPort(0).withZone(ZoneId.of("Asia/Shanghai")));
        csv = temp.resolve("customers-gbk.csv");
        Files.write(csv, CUSTOMERS.getBytes(GBK));
        assertThat(new String(Files.readAllBytes(csv), UTF_8)).doesNotContain("客户编号"); // really GBK
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void englishUploadReportImportAndLookUp() throws Exception {
        WebDriver driver = browser("en-US");
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url());
            waitForText(wait, "nav-import", "Import");
            byTestId(driver, "nav-import").click();
            wait.until(d -> byTestId(d, "view-import").isDisplayed());
            assertThat(driver.getCurrentUrl()).endsWith("#/import");
            assertThat(byTestId(driver, "nav-import").getAttribute("aria-current"))
                    .isEqualTo("page");
            assertThat(driver.getTitle()).isEqualTo("Import · Lodestar");
            assertThat(text(driver, "import-analyse")).isEqualTo("Analyse");
            assertThat(byTestId(driver, "import-analysis").isDisplayed()).isFalse();

            // Analyse without a file: told so, nothing sent
            byTestId(driver, "import-analyse").click();
            waitForText(wait, "import-error-message", "Choose a file first.");

            byTestId(driver, "import-file").sendKeys(csv.toString());
            byTestId(driver, "import-analyse").click();
            waitForText(wait, "report-rows", "6");
            assertThat(byTestId(driver, "import-error").isDisplayed())
                    .as(text(driver, "import-error"))
                    .isFalse();
            assertThat(driver.getCurrentUrl()).matches(".*#/import/[0-9a-f]{16}$");
            assertThat(text(driver, "report-accepted")).isEqualTo("5");
            assertThat(text(driver, "report-rejected")).isEqualTo("1");
            assertThat(text(driver, "report-persons")).isEqualTo("5");
            assertThat(text(driver, "import-report-source")).contains("customers-gbk.csv");
            assertThat(text(driver, "import-status")).contains("nothing is written until you click Import");

            // the mapping was inferred from the Chinese headers, read as GBK
            String mapping = byTestId(driver, "import-mapping").getAttribute("value");
            assertThat(mapping).contains("客户编号", "crm_id", "手机号码", "phone", "邮箱", "email", "姓名");
            // fill rates per column: 邮箱 is empty on one row of five
            WebElement email =
                    driver.findElement(By.cssSelector("[data-testid='report-columns'] tr[data-column='邮箱']"));
            assertThat(email.findElement(By.cssSelector("[data-testid='fill-rate']"))
                            .getText())
                    .isEqualTo("66.7%");
            // the invalid phone is counted with its line
            WebElement phones = issueRow(driver, "INVALID_PHONE");
            assertThat(phones.findElement(By.cssSelector("th")).getText()).isEqualTo("Invalid phone");
            assertThat(phones.findElement(By.cssSelector("[data-testid='issue-rows']"))
                            .getText())
                    .isEqualTo("1");
            assertThat(phones.findElement(By.cssSelector("[data-testid='issue-samples']"))
                            .getText())
                    .startsWith("line 4: 12345");
            assertThat(driver.findElements(By.cssSelector("[data-testid='report-issues'] tr[data-problem]")))
                    .extracting(e -> e.getAttribute("data-problem"))
                    .containsExactlyInAnyOrder("INVALID_PHONE", "MISSING_IDENTITY");
            assertThat(driver.findElement(By.cssSelector("[data-testid='report-rejections'] tbody tr"))
                            .getText())
                    .startsWith("7 ");

            // import with the mapping as shown
            byTestId(driver, "import-run").click();
            waitForText(wait, "result-accepted", "5");
            assertThat(text(driver, "result-rows")).isEqualTo("6");
            assertThat(text(driver, "result-rejected")).isEqualTo("1");
            assertThat(text(driver, "result-eventsWritten")).isEqualTo("0");
            assertThat(driver.findElements(By.cssSelector("[data-testid='import-result-rejections'] tbody tr")))
                    .singleElement()
                    .satisfies(row -> assertThat(row.getText()).startsWith("7 "));
            assertThat(text(driver, "import-result-rejections-caption")).isEqualTo("Rejected rows (first 1 of 1)");
            assertThat(text(driver, "import-status")).isEqualTo("customers-gbk.csv imported.");
            assertThat(active(driver).getAttribute("id")).isEqualTo("import-result-heading");
            screenshot(driver, "import-en.png");
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }

        // the person is there, found by a phone written differently, with the imported name
        JsonNode wangFang = getJson("api/persons?phone=" + URLEncoder.encode("139 0013 9102", UTF_8));
        assertThat(wangFang.get("traits").get("name").get("value").asText()).isEqualTo("王芳");
        assertThat(wangFang.get("identities").toString()).contains("C102", "wangfang@example.cn");
        JsonNode chen = getJson("api/persons?phone=" + URLEncoder.encode("136-0013-6105", UTF_8));
        assertThat(chen.get("traits").get("name").get("value").asText()).isEqualTo("陈静");
    }

    @Test
    void chineseLabelsReportAndLanguageSwitch() throws Exception {
        WebDriver driver = browser("zh-CN");
        try {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            driver.get(server.url() + "#/import");
            waitForText(wait, "import-title", "导入");
            assertThat(text(driver, "nav-import")).isEqualTo("导入");
            assertThat(text(driver, "import-analyse")).isEqualTo("分析");
            assertThat(driver.getTitle()).isEqualTo("导入 · 北极星");
            assertThat(driver.findElement(By.cssSelector("label[for='import-mapping']"))
                            .getAttribute("textContent"))
                    .isEqualTo("字段映射（YAML 或 JSON）");

            byTestId(driver, "import-file").sendKeys(csv.toString());
            byTestId(driver, "import-analyse").click();
            waitForText(wait, "report-rows", "6");
            assertThat(byTestId(driver, "import-error").isDisplayed())
                    .as(text(driver, "import-error"))
                    .isFalse();
            assertThat(active(driver).getAttribute("id")).isEqualTo("import-report-heading");
            assertThat(text(driver, "import-reanalyse")).isEqualTo("按此映射重新分析");
            assertThat(text(driver, "import-run")).isEqualTo("导入");
            WebElement phones = issueRow(driver, "INVALID_PHONE");
            assertThat(phones.findElement(By.cssSelector("th")).getText()).isEqualTo("无效手机号");
            assertThat(phones.findElement(By.cssSelector("[data-testid='issue-samples']"))
                            .getText())
                    .startsWith("第 4 行：12345");

            // re-analyse with an edited mapping: without the phone column, no phone problem
            WebElement mapping = byTestId(driver, "import-mapping");
            String edited = "identities:\n  - {column: 客户编号, type: crm_id}\ntraits:\n  - {column: 姓名, name: name}\n";
            ((JavascriptExecutor) driver)
                    .executeScript(
                            "arguments[0].value = arguments[1];"
                                    + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                            mapping,
                            edited);
            assertThat(text(driver, "import-mapping-origin")).startsWith("已修改");
            byTestId(driver, "import-reanalyse").click();
            wait.until(d -> d.findElements(
                            By.cssSelector("[data-testid='report-issues'] tr[data-problem='INVALID_PHONE']"))
                    .isEmpty());
            assertThat(text(driver, "import-mapping-origin")).contains("指定的映射");
            assertThat(byTestId(driver, "import-error").isDisplayed()).isFalse();

            // the report follows a language switch without asking the server again
            byTestId(driver, "lang-en").click();
            waitForText(wait, "import-title", "Import");
            wait.until(d -> issueRow(d, "MISSING_IDENTITY")
                    .findElement(By.cssSelector("th"))
                    .getText()
                    .equals("No valid identifier"));
            assertThat(text(driver, "import-reanalyse")).isEqualTo("Re-analyse with this mapping");
            screenshot(driver, "import-zh-then-en.png");
            assertNoConsoleErrors(driver);
        } finally {
            driver.quit();
        }
    }

    private static WebElement issueRow(WebDriver driver, String problem) {
        return driver.findElement(By.cssSelector("[data-testid='report-issues'] tr[data-problem='" + problem + "']"));
    }

    private static String text(WebDriver driver, String testId) {
        return byTestId(driver, testId).getText();
    }

    private static WebElement active(WebDriver driver) {
        return driver.switchTo().activeElement();
    }

    private static void waitForText(WebDriverWait wait, String testId, String expected) {
        String[] seen = new String[2];
        wait.withMessage(() -> "[data-testid=" + testId + "] to read '" + expected + "', last seen '" + seen[0]
                        + "' (page: " + seen[1] + ")")
                .ignoring(StaleElementReferenceException.class) // re-rendered meanwhile
                .until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector("[data-testid='" + testId + "']"));
                    seen[0] = found.isEmpty() ? null : found.get(0).getText();
                    seen[1] = String.valueOf(
                            ((JavascriptExecutor) d)
                                    .executeScript(
                                            """
                                    const error = document.querySelector('[data-testid="import-error"]');
                                    return JSON.stringify({url: location.href, errors: window.__testErrors,
                                        importError: error && !error.hidden ? error.textContent : null});"""));
                    return expected.equals(seen[0]);
                });
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private static WebDriver browser(String language) throws IOException {
        return TestingBrowser.open(temp, language, null, 1600);
    }
}
