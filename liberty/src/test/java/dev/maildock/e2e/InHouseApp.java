package dev.maildock.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The sample in-house application (package dev.maildock.inhouse, its own WAR at /inhouse) as the
 * tests drive it over HTTP; it answers "key: value" lines.
 */
final class InHouseApp {

    /** The account of server.xml's mailSession (src/test/liberty/inhouse-app.xml). */
    static final String ACCOUNT = "inhouse-app@" + Server.LOCAL_DOMAIN;
    static final String PASSWORD = "inhouse app secret";

    private InHouseApp() {
    }

    /** Creates the mailSession's account once per run (the database is fresh each run). */
    static void ensureAccount() {
        HttpResponse<String> r = Server.admin("POST", "/accounts",
                "{\"address\":\"" + ACCOUNT + "\",\"password\":\"" + PASSWORD + "\"}");
        if (r.statusCode() != 201 && r.statusCode() != 409) {
            throw new IllegalStateException("creating " + ACCOUNT + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** POSTs to /inhouse/mail/ACTION with the parameters (pairs) and {@code body}. */
    static Map<String, String> call(String action, String body, String... params) {
        StringJoiner query = new StringJoiner("&");
        for (int i = 0; i < params.length; i += 2) {
            query.add(params[i] + "=" + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        URI uri = URI.create("http://127.0.0.1:" + Server.HTTP_PORT + "/inhouse/mail/" + action + "?" + query);
        HttpResponse<String> r = Server.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body, StandardCharsets.UTF_8)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(action + ": HTTP " + r.statusCode() + " " + r.body());
        }
        Map<String, String> answer = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                answer.put(line.substring(0, colon), line.substring(colon + 2));
            } else if (line.endsWith(":")) {
                answer.put(line.substring(0, line.length() - 1), "");
            }
        }
        return answer;
    }
}
