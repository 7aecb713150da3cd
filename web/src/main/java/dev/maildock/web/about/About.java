package dev.maildock.web.about;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The product name and build version, for the start page. */
@Named
@ApplicationScoped
public class About {

    private String version;

    @PostConstruct
    void load() {
        Properties p = new Properties();
        try (InputStream in = About.class.getResourceAsStream("/dev/maildock/web/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        version = p.getProperty("version", "unknown");
    }

    public String getProduct() {
        return "Maildock";
    }

    public String getVersion() {
        return version;
    }
}
