package dev.enclave.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium driven through chromedriver (Debian packages {@code chromium} and
 * {@code chromium-driver}; {@code ./enclave stack up} installs them). Missing browser: the test fails, it never
 * skips. Each instance has a fresh profile, so no session or cookie carries over between personas.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = find("ENCLAVE_CHROMIUM", "chromium", "google-chrome");
    static final Path CHROMEDRIVER = find("ENCLAVE_CHROMEDRIVER", "chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final Path profile;
    private final WebDriverWait wait;

    public Browser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (./enclave stack up installs them)");
        }
        try {
            profile = Files.createTempDirectory("enclave-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        // An explicit driver: Selenium Manager would otherwise look for (and try to download) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        // A loaded machine: pages and the Keycloak login may take a while, never a fixed sleep.
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(90));
    }

    /** The program named by the variable, else the first of the commands on the PATH (a clear failure later if none). */
    private static Path find(String variable, String... commands) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String command : commands) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, command);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return Path.of("/usr/bin", commands[0]);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /**
     * Fills in Keycloak's own login page (the browser must be on it or on its way there). The realm has
     * organizations enabled, so Keycloak asks for the username first and for the password on a second page.
     */
    public void signInAtKeycloak(String username, String password) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        if (driver.findElements(By.id("password")).isEmpty()) {
            driver.findElement(By.id("kc-login")).click();
        }
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password"))).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    public WebElement await(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    public void awaitUrlContains(String part) {
        wait.until(ExpectedConditions.urlContains(part));
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** The browser's cookies for this site, as a Cookie header (to send a request of our own in its session). */
    public String cookieHeader() {
        return driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    public Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /** Scrolls the element to the top of the window (for a screenshot of what is below the fold). */
    public void scrollTo(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView(true)", element);
    }

    /** Saves a PNG under target/screenshots/ and returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("could not save a screenshot", e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp profile is harmless
            }
        }
    }
}
