package dev.maildock.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * A real headless Chromium (Debian's chromium + chromium-driver, installed by
 * scripts/install-test-deps) driven through Selenium, pointed at the test server. Selenium is
 * given the driver binary, so its Selenium Manager never tries to download one (the machine has no
 * internet).
 */
final class Browser implements AutoCloseable {

    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;

    Browser() {
        try {
            profile = Files.createTempDirectory("maildock-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    static String url(String path) {
        return "http://127.0.0.1:" + Server.HTTP_PORT + path;
    }

    void open(String path) {
        driver.get(url(path));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    WebElement await(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Clicks something that loads a new page and waits until the old page is gone, so the next
     * look-up cannot find an element of the page that was there before the click.
     */
    void click(String css) {
        click(find(css));
    }

    /** {@link #click(String)} for an element already found. */
    void click(WebElement element) {
        WebElement page = driver.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> gone(page));
    }

    /**
     * Whether the element's document has been replaced. While a page is being swapped,
     * ChromeDriver answers either "stale element" or "Node with given id does not belong to the
     * document" (a plain WebDriverException); both mean the old page is gone.
     */
    private static boolean gone(WebElement element) {
        try {
            element.getTagName();
            return false;
        } catch (WebDriverException e) {
            return true;
        }
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Signs in through the form, starting from a browser without cookies. */
    void signIn(String user, String password) {
        driver.manage().deleteAllCookies();
        open("/login.xhtml");
        type("#login\\:username", user);
        type("#login\\:password", password);
        click("#login\\:signIn");
    }

    void signOut() {
        click("#signOut\\:signOutButton");
        await("#signedOut");
    }

    /** The session cookie, for requests the test makes beside the browser as the same user. */
    String sessionCookie() {
        Cookie c = driver.manage().getCookieNamed("JSESSIONID");
        return c == null ? "" : "JSESSIONID=" + c.getValue();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", sessionCookie());
    }

    /** Saves a screenshot under target/screenshots for reviewers. */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void phoneWidth(boolean phone) {
        driver.manage().window().setSize(phone ? new Dimension(390, 844) : new Dimension(1280, 900));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try {
                Folders.delete(profile);
            } catch (IOException e) {
                // a leftover temp profile is harmless
            }
        }
    }
}
