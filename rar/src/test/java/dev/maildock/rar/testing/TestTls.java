package dev.maildock.rar.testing;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate made at test time with the JDK's keytool (nothing downloaded,
 * nothing checked in), and the TLS contexts built on it: Netty's for both ends, the JDK's for a
 * socket client.
 */
public record TestTls(SslContext server, SslContext client, SSLContext jdkClient) {

    private static final String PASSWORD = "changeit";

    public static TestTls create(Path dir) throws Exception {
        Path keystore = dir.resolve("test.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "pop3",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "2",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SslContext server = SslContextBuilder.forServer(keys).build();
        SslContext client = SslContextBuilder.forClient()
                .trustManager((X509Certificate) store.getCertificate("pop3")).build();
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext jdkClient = SSLContext.getInstance("TLS");
        jdkClient.init(null, trust.getTrustManagers(), null);
        return new TestTls(server, client, jdkClient);
    }
}
