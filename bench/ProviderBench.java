// Messages per second through the Jakarta Mail provider (inside the server, the sample in-house
// application's "bench" action) against the same messages through Maildock's SMTP port from an
// Angus Mail client in this JVM. Run by bench/provider-bench.sh (single-file source launch).
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class ProviderBench {

    record Options(int http, int smtp, String to, String user, String password, int messages, int size,
                   List<Integer> threads, boolean saveSent) {
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(Integer.parseInt(args[0]), Integer.parseInt(args[1]), args[2], args[3], args[4],
                Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                Arrays.stream(args[7].split(",")).map(Integer::parseInt).toList(),
                Boolean.parseBoolean(args[8]));
        System.out.printf("%-10s%8s%12s%12s%10s%n", "threads", "msgs", "provider/s", "smtp/s", "ratio");
        for (int t : o.threads()) {
            int perThread = o.messages() / t;
            // Warm-up, not measured: as many messages as the measurement, on both paths, so the
            // JIT has compiled both (a long-running server's steady state), twice for the first.
            for (int round = 0; round < (t == o.threads().get(0) ? 2 : 1); round++) {
                run(t, perThread * t, () -> provider(o, perThread));
                run(t, perThread * t, () -> smtp(o, perThread));
            }
            double p = run(t, perThread * t, () -> provider(o, perThread));
            double s = run(t, perThread * t, () -> smtp(o, perThread));
            System.out.printf("%-10d%8d%12.1f%12.1f%9.2fx%n", t, perThread * t, p, s, p / s);
        }
    }

    /** Runs the task on {@code threads} threads at once; messages per second of wall time. */
    static double run(int threads, int messages, Callable<Void> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(task));
            }
            for (Future<Void> f : done) {
                f.get();
            }
            return messages / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One HTTP call: the in-house application sends {@code count} messages through the provider. */
    static Void provider(Options o, int count) throws Exception {
        String query = "count=" + count + "&size=" + o.size() + "&saveSent=" + o.saveSent()
                + "&to=" + enc(o.to()) + "&user=" + enc(o.user()) + "&password=" + enc(o.password());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + o.http() + "/inhouse/mail/bench?" + query))
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("sent: " + count)) {
            throw new IllegalStateException("provider bench call failed: " + r.statusCode() + " " + r.body());
        }
        return null;
    }

    /** One SMTP connection (Angus Mail) sending {@code count} messages to the local recipient. */
    static Void smtp(Options o, int count) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", String.valueOf(o.smtp()));
        props.setProperty("mail.smtp.localhost", "bench.example");
        Session session = Session.getInstance(props);
        InternetAddress[] to = {new InternetAddress(o.to())};
        String text = text(o.size());
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            for (int i = 0; i < count; i++) {
                MimeMessage m = new MimeMessage(session);
                m.setFrom(new InternetAddress(o.user()));
                m.setRecipients(Message.RecipientType.TO, to);
                m.setSubject("bench " + i);
                m.setText(text, "US-ASCII");
                m.saveChanges();
                transport.sendMessage(m, to);
            }
        }
        return null;
    }

    /** The same text as the in-house application's BenchText: 76-character lines, SIZE octets. */
    static String text(int size) {
        StringBuilder text = new StringBuilder(size);
        String line = "The quick brown fox jumps over the lazy dog, 0123456789 abcdefghijklmnopqrst\r\n";
        while (text.length() + line.length() <= size) {
            text.append(line);
        }
        text.append("x".repeat(Math.max(0, size - 2 - text.length())));
        return text.append("\r\n").toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
