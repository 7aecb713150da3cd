package dev.maildock.rar;

import dev.maildock.rar.smtp.TestSupport;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter's SMTP listeners on loopback: which ports open with and without a keystore. */
@Timeout(60)
class MaildockResourceAdapterTest {

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static BootstrapContext bootstrap(WorkManager work) {
        return new BootstrapContext() {
            @Override
            public WorkManager getWorkManager() {
                return work;
            }

            @Override
            public XATerminator getXATerminator() {
                return null;
            }

            @Override
            public Timer createTimer() {
                return new Timer(true);
            }

            @Override
            public boolean isContextSupported(Class<? extends WorkContext> workContextClass) {
                return false;
            }

            @Override
            public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
                return null;
            }
        };
    }

    private MaildockResourceAdapter adapter(String keyStore) throws Exception {
        MaildockResourceAdapter adapter = new MaildockResourceAdapter();
        adapter.setBindAddress("127.0.0.1");
        adapter.setSmtpPort(freePort());
        adapter.setSubmissionPort(freePort());
        adapter.setSmtpsPort(freePort());
        adapter.setSpoolDirectory(dir.toString());
        adapter.setKeyStore(keyStore);
        adapter.setKeyStorePassword(new String(TestSupport.keystorePassword()));
        adapter.start(bootstrap(TestSupport.directWork()));
        return adapter;
    }

    private static String greeting(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    /** The first line after a TLS handshake on the port (any certificate accepted). */
    private static String implicitTlsGreeting(int port) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            return greeting(socket);
        }
    }

    @Test
    void withKeystoreAllThreeListenersServe() throws Exception {
        MaildockResourceAdapter adapter = adapter(TestSupport.keystore(dir).toString());
        MessageEndpointFactory factory = TestSupport.endpoints();
        adapter.endpointActivation(factory, new dev.maildock.rar.smtp.SmtpActivationSpec());
        try {
            try (Socket smtp = new Socket(InetAddress.getLoopbackAddress(), adapter.getSmtpPort())) {
                assertTrue(greeting(smtp).startsWith("220 "));
            }
            try (Socket submission = new Socket(InetAddress.getLoopbackAddress(), adapter.getSubmissionPort())) {
                assertTrue(greeting(submission).startsWith("220 "));
            }
            assertTrue(implicitTlsGreeting(adapter.getSmtpsPort()).startsWith("220 "));
        } finally {
            adapter.endpointDeactivation(factory, null);
            adapter.stop();
        }
    }

    /**
     * The keystore is read while the adapter starts (the activation, which comes once the whole
     * application has started, then only binds): a keystore gone by then changes nothing.
     */
    @Test
    void theKeystoreIsReadWhenTheAdapterStarts() throws Exception {
        Path keystore = TestSupport.keystore(dir);
        MaildockResourceAdapter adapter = adapter(keystore.toString());
        Files.delete(keystore);
        MessageEndpointFactory factory = TestSupport.endpoints();
        adapter.endpointActivation(factory, new dev.maildock.rar.smtp.SmtpActivationSpec());
        try {
            assertTrue(implicitTlsGreeting(adapter.getSmtpsPort()).startsWith("220 "));
        } finally {
            adapter.endpointDeactivation(factory, null);
            adapter.stop();
        }
    }

    @Test
    void withoutKeystoreOnlyPort25Opens() throws Exception {
        MaildockResourceAdapter adapter = adapter("");
        MessageEndpointFactory factory = TestSupport.endpoints();
        adapter.endpointActivation(factory, new dev.maildock.rar.smtp.SmtpActivationSpec());
        try {
            try (Socket smtp = new Socket(InetAddress.getLoopbackAddress(), adapter.getSmtpPort())) {
                assertTrue(greeting(smtp).startsWith("220 "));
            }
            assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), adapter.getSubmissionPort()).close());
            assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), adapter.getSmtpsPort()).close());
        } finally {
            adapter.endpointDeactivation(factory, null);
            adapter.stop();
        }
    }

    @Test
    void brokenKeystoreKeepsPort25() throws Exception {
        MaildockResourceAdapter adapter = adapter(dir.resolve("missing.p12").toString());
        MessageEndpointFactory factory = TestSupport.endpoints();
        adapter.endpointActivation(factory, new dev.maildock.rar.smtp.SmtpActivationSpec());
        try {
            try (Socket smtp = new Socket(InetAddress.getLoopbackAddress(), adapter.getSmtpPort())) {
                assertEquals("220 mx.example.test ESMTP Maildock", greeting(smtp));
            }
        } finally {
            adapter.endpointDeactivation(factory, null);
            adapter.stop();
        }
    }

    /**
     * A configuration change can re-activate an endpoint on the old adapter after Liberty stopped it
     * (the activation specification and the application are updated on different threads): nothing
     * may bind then, or the ports stay held by an adapter nobody stops.
     */
    @Test
    void anActivationAfterStopBindsNothing() throws Exception {
        MaildockResourceAdapter adapter = adapter(TestSupport.keystore(dir).toString());
        adapter.stop();
        MessageEndpointFactory factory = TestSupport.endpoints();
        adapter.endpointActivation(factory, new dev.maildock.rar.smtp.SmtpActivationSpec());
        for (int port : new int[] {adapter.getSmtpPort(), adapter.getSubmissionPort(), adapter.getSmtpsPort()}) {
            assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                    "port " + port);
        }
        adapter.endpointDeactivation(factory, null);
    }

    @Test
    void anEndpointActivatedTwiceIsClosedByOneDeactivation() throws Exception {
        MaildockResourceAdapter adapter = adapter(TestSupport.keystore(dir).toString());
        MessageEndpointFactory factory = TestSupport.endpoints();
        try {
            adapter.endpointActivation(factory, new dev.maildock.rar.smtp.SmtpActivationSpec());
            adapter.endpointActivation(factory, new dev.maildock.rar.smtp.SmtpActivationSpec());
            try (Socket smtp = new Socket(InetAddress.getLoopbackAddress(), adapter.getSmtpPort())) {
                assertTrue(greeting(smtp).startsWith("220 "));
            }
            adapter.endpointDeactivation(factory, null);
            for (int port : new int[] {adapter.getSmtpPort(), adapter.getSubmissionPort(), adapter.getSmtpsPort()}) {
                assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                        "port " + port);
            }
        } finally {
            adapter.stop();
        }
    }

    @Test
    void pop3ConnectionLimitsAreConfigurationInEqualsAndHashCode() {
        MaildockResourceAdapter a = new MaildockResourceAdapter();
        MaildockResourceAdapter b = new MaildockResourceAdapter();
        assertEquals(1000, a.getPop3MaxConnections());
        assertEquals(50, a.getPop3MaxConnectionsPerClient());
        assertEquals(a, b);
        b.setPop3MaxConnections(10);
        assertTrue(!a.equals(b));
        a.setPop3MaxConnections(10);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setPop3MaxConnectionsPerClient(5);
        assertTrue(!a.equals(b));
        a.setPop3MaxConnectionsPerClient(5);
        assertEquals(a.hashCode(), b.hashCode());
    }
}
