package dev.maildock.rar;

import dev.maildock.rar.imap.ImapActivationSpec;
import dev.maildock.rar.imap.InMemoryImapPlatform;
import dev.maildock.rar.smtp.SmtpActivationSpec;
import dev.maildock.rar.smtp.TestSupport;
import dev.maildock.rar.testing.SingleEndpointFactory;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Timer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter's SMTP listeners on loopback: which ports open with and without a keystore. */
@Timeout(60)
class MaildockResourceAdapterTest {

    @TempDir
    Path dir;

    private static String freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return String.valueOf(socket.getLocalPort());
        }
    }

    /** A socket to a port setting of the adapter. */
    private static Socket connect(String port) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port));
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
        tls.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            return greeting(socket);
        }
    }

    @Test
    void withKeystoreAllThreeListenersServe() throws Exception {
        MaildockResourceAdapter adapter = adapter(TestSupport.keystore(dir).toString());
        MessageEndpointFactory factory = TestSupport.endpoints();
        adapter.endpointActivation(factory, new SmtpActivationSpec());
        try {
            try (Socket smtp = connect(adapter.getSmtpPort())) {
                assertTrue(greeting(smtp).startsWith("220 "));
            }
            try (Socket submission = connect(adapter.getSubmissionPort())) {
                assertTrue(greeting(submission).startsWith("220 "));
            }
            assertTrue(implicitTlsGreeting(Integer.parseInt(adapter.getSmtpsPort())).startsWith("220 "));
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
        adapter.endpointActivation(factory, new SmtpActivationSpec());
        try {
            assertTrue(implicitTlsGreeting(Integer.parseInt(adapter.getSmtpsPort())).startsWith("220 "));
        } finally {
            adapter.endpointDeactivation(factory, null);
            adapter.stop();
        }
    }

    @Test
    void withoutKeystoreOnlyPort25Opens() throws Exception {
        MaildockResourceAdapter adapter = adapter("");
        MessageEndpointFactory factory = TestSupport.endpoints();
        adapter.endpointActivation(factory, new SmtpActivationSpec());
        try {
            try (Socket smtp = connect(adapter.getSmtpPort())) {
                assertTrue(greeting(smtp).startsWith("220 "));
            }
            assertThrows(IOException.class, () -> connect(adapter.getSubmissionPort()).close());
            assertThrows(IOException.class, () -> connect(adapter.getSmtpsPort()).close());
        } finally {
            adapter.endpointDeactivation(factory, null);
            adapter.stop();
        }
    }

    @Test
    void brokenKeystoreKeepsPort25() throws Exception {
        MaildockResourceAdapter adapter = adapter(dir.resolve("missing.p12").toString());
        MessageEndpointFactory factory = TestSupport.endpoints();
        adapter.endpointActivation(factory, new SmtpActivationSpec());
        try {
            try (Socket smtp = connect(adapter.getSmtpPort())) {
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
        adapter.endpointActivation(factory, new SmtpActivationSpec());
        for (String port : new String[] {adapter.getSmtpPort(), adapter.getSubmissionPort(), adapter.getSmtpsPort()}) {
            assertThrows(IOException.class, () -> connect(port).close(),
                    "port " + port);
        }
        adapter.endpointDeactivation(factory, null);
    }

    @Test
    void anEndpointActivatedTwiceIsClosedByOneDeactivation() throws Exception {
        MaildockResourceAdapter adapter = adapter(TestSupport.keystore(dir).toString());
        MessageEndpointFactory factory = TestSupport.endpoints();
        try {
            adapter.endpointActivation(factory, new SmtpActivationSpec());
            adapter.endpointActivation(factory, new SmtpActivationSpec());
            try (Socket smtp = connect(adapter.getSmtpPort())) {
                assertTrue(greeting(smtp).startsWith("220 "));
            }
            adapter.endpointDeactivation(factory, null);
            for (String port : new String[] {adapter.getSmtpPort(), adapter.getSubmissionPort(), adapter.getSmtpsPort()}) {
                assertThrows(IOException.class, () -> connect(port).close(),
                        "port " + port);
            }
        } finally {
            adapter.stop();
        }
    }

    /**
     * Typed Integer, the port properties let Liberty turn "abc" into the default port 25 without a
     * word; as text the adapter sees the bad value, names its variable, and opens the others.
     */
    @ParameterizedTest(name = "smtp.port=\"{0}\"")
    @ValueSource(strings = {"abc", "", "65536", "25x", "99999999999"})
    void anInvalidPortLeavesOnlyItsListenerClosedAndTheLogNamesTheVariableAndValue(String bad) throws Exception {
        MaildockResourceAdapter adapter = adapter(TestSupport.keystore(dir).toString());
        adapter.setSmtpPort(bad);
        MessageEndpointFactory factory = TestSupport.endpoints();
        // The package logger: a bind error (MAILDOCK0003E, net/NettyListeners) would show here too.
        LogCapture log = LogCapture.on("dev.maildock.rar");
        try {
            adapter.endpointActivation(factory, new SmtpActivationSpec());
            try (Socket submission = connect(adapter.getSubmissionPort())) {
                assertTrue(greeting(submission).startsWith("220 "));
            }
            assertTrue(implicitTlsGreeting(Integer.parseInt(adapter.getSmtpsPort())).startsWith("220 "));
            assertEquals(List.of("MAILDOCK0009E: The server variable smtp.port has the value \"" + bad
                    + "\", which is not a port number (1-65535, or -1 to disable the listener); the smtp listener"
                    + " is not started."), log.records().stream().filter(r -> r.getLevel() == Level.SEVERE)
                    .map(LogRecord::getMessage).toList());
        } finally {
            log.close();
            adapter.endpointDeactivation(factory, null);
            adapter.stop();
        }
    }

    @Test
    void aPortWithSurroundingSpacesIsAccepted() throws Exception {
        MaildockResourceAdapter adapter = adapter("");
        String port = freePort();
        adapter.setSmtpPort(" " + port + " ");
        MessageEndpointFactory factory = TestSupport.endpoints();
        adapter.endpointActivation(factory, new SmtpActivationSpec());
        try (Socket smtp = connect(port)) {
            assertTrue(greeting(smtp).startsWith("220 "));
        } finally {
            adapter.endpointDeactivation(factory, null);
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

    @Test
    void imapListenersGreetOnBothPorts() throws Exception {
        MaildockResourceAdapter adapter = adapter(TestSupport.keystore(dir).toString());
        adapter.setImapPort(freePort());
        adapter.setImapsPort(freePort());
        MessageEndpointFactory factory = new SingleEndpointFactory(new InMemoryImapPlatform());
        adapter.endpointActivation(factory, new ImapActivationSpec());
        try {
            try (Socket imap = connect(adapter.getImapPort())) {
                assertTrue(greeting(imap).startsWith("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID STARTTLS "));
            }
            assertTrue(implicitTlsGreeting(Integer.parseInt(adapter.getImapsPort())).startsWith("* OK [CAPABILITY "));
        } finally {
            adapter.endpointDeactivation(factory, null);
            adapter.stop();
        }
    }

    @Test
    void imapSettingsAreConfigurationInEqualsAndHashCode() {
        MaildockResourceAdapter a = new MaildockResourceAdapter();
        MaildockResourceAdapter b = new MaildockResourceAdapter();
        assertEquals("143", a.getImapPort());
        assertEquals("993", a.getImapsPort());
        assertEquals(1800, a.getImapIdleTimeoutSeconds());
        b.setImapIdleTimeoutSeconds(3600);
        assertTrue(!a.equals(b));
        a.setImapIdleTimeoutSeconds(3600);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }
}
