package dev.maildock.rar.smtp;

import dev.maildock.rar.testing.SingleEndpointFactory;
import dev.maildock.rar.testing.InlineWorkManager;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;

import java.io.IOException;
import java.nio.file.Path;

/** The package's test doubles for tests in other packages. */
public final class TestSupport {

    private TestSupport() {
    }

    public static WorkManager directWork() {
        return new InlineWorkManager();
    }

    /** A factory handing out a fresh in-memory platform per endpoint. */
    public static MessageEndpointFactory endpoints() {
        return new SingleEndpointFactory(new InMemoryPlatform());
    }

    public static Path keystore(Path dir) throws IOException, InterruptedException {
        return TestKeystore.create(dir);
    }

    public static char[] keystorePassword() {
        return TestKeystore.PASSWORD.clone();
    }
}
