package dev.lodestar.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, as the browser tests use it:
 * explicit binaries (nothing is downloaded), a fresh profile, no background networking, and a
 * script that records the page's own errors from before its scripts run (ChromeDriver's log
 * capability is not reliable across versions).
 */
final class TestingBrowser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final String ERROR_COLLECTOR =
            """
            window.__testErrors = [];
            window.addEventListener('error', (e) => window.__testErrors.push(
                e.message || ('failed to load ' + (e.target && (e.target.src || e.target.href)))), true);
            window.addEventListener('unhandledrejection', (e) => window.__testErrors.push(String(e.reason)));
            const consoleError = console.error.bind(console);
            console.error = (...args) => { window.__testErrors.push(args.map(String).join(' ')); consoleError(...args); };
            """;

    private TestingBrowser() {}

    /** Skips the calling test when Chromium or its driver is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs " + CHROMIUM + " (apt-get install chromium)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "needs " + CHROMEDRIVER + " (apt-get install chromium-driver)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    }

    /**
     * Starts a browser.
     *
     * @param temp where to put the profile
     * @param language the browser's language, e.g. {@code en} or {@code zh-CN}
     * @param downloads where downloads go, or null
     * @param height the window's height in pixels (its width is 1440)
     */
    static ChromeDriver open(Path temp, String language, Path downloads, int height) throws IOException {
        Path profile = Files.createTempDirectory(temp, "chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--lang=" + language,
                "--window-size=1440," + height);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("intl.accept_languages", language);
        if (downloads != null) {
            prefs.put("download.default_directory", downloads.toString());
            prefs.put("download.prompt_for_download", false);
        }
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_COLLECTOR));
        return driver;
    }

    static void assertNoConsoleErrors(WebDriver driver) {
        Object errors = ((JavascriptExecutor) driver).executeScript("return window.__testErrors");
        assertThat(errors).as("errors in the page").isEqualTo(List.of());
    }

    static WebElement byTestId(WebDriver driver, String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    /** Saves a screenshot as {@code target/<name>}, to look at after the build. */
    static void screenshot(WebDriver driver, String name) throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    static String text(WebDriver driver, String testId) {
        return byTestId(driver, testId).getText();
    }

    /** Waits until the element's text is {@code expected}; the failure names what it read last and the page's errors. */
    static void waitForText(WebDriverWait wait, String testId, String expected) {
        String[] seen = new String[2];
        wait.withMessage(() -> "[data-testid=" + testId + "] to read '" + expected + "', last seen '" + seen[0]
                        + "' (page: " + seen[1] + ")")
                .ignoring(StaleElementReferenceException.class) // re-rendered meanwhile
                .until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector("[data-testid='" + testId + "']"));
                    seen[0] = found.isEmpty() ? null : found.get(0).getText();
                    seen[1] = String.valueOf(((JavascriptExecutor) d)
                            .executeScript("return JSON.stringify({url: location.href, errors: window.__testErrors})"));
                    return expected.equals(seen[0]);
                });
    }
}
