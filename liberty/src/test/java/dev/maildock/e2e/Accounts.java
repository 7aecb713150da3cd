package dev.maildock.e2e;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique accounts in the local domain, created through the admin API (the database lives for the whole run). */
final class Accounts {

    static final String PASSWORD = "e2e secret pw";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Accounts() {
    }

    /** A new account named after the test; its password is {@link #PASSWORD}. */
    static String create(String prefix) {
        String address = prefix + "-" + System.currentTimeMillis() + "-" + SEQUENCE.incrementAndGet() + "@" + Server.LOCAL_DOMAIN;
        HttpResponse<String> r = Server.admin("POST", "/accounts",
                "{\"address\":\"" + address + "\",\"password\":\"" + PASSWORD + "\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating " + address + ": " + r.statusCode() + " " + r.body());
        }
        return address;
    }

    static void alias(String address, String target) {
        HttpResponse<String> r = Server.admin("POST", "/aliases",
                "{\"address\":\"" + address + "\",\"targets\":[\"" + target + "\"]}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating alias " + address + ": " + r.statusCode() + " " + r.body());
        }
    }
}
