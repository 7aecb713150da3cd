package dev.maildock.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static dev.maildock.e2e.Server.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin REST API over real HTTP, with the shapes the README and scripts rely on. */
class AdminApiIT {

    @Test
    void domainsFromTheServerVariableExistAndNewOnesCanBeAddedAndRemoved() {
        assertTrue(ApiJson.strings(ApiJson.array(admin("GET", "/domains", null).body()), "name")
                .contains(Server.LOCAL_DOMAIN));

        HttpResponse<String> created = admin("POST", "/domains", "{\"name\":\"Api-Domains.TEST\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("api-domains.test", ApiJson.object(created.body()).getString("name"));
        assertTrue(created.headers().firstValue("Location").orElseThrow().endsWith("/api/admin/domains/api-domains.test"));
        assertEquals(409, admin("POST", "/domains", "{\"name\":\"api-domains.test\"}").statusCode());

        assertEquals(204, admin("DELETE", "/domains/api-domains.test", null).statusCode());
        assertEquals(404, admin("DELETE", "/domains/api-domains.test", null).statusCode());
        assertFalse(ApiJson.strings(ApiJson.array(admin("GET", "/domains", null).body()), "name")
                .contains("api-domains.test"));
    }

    @Test
    void accountLifecycle() {
        HttpResponse<String> created = admin("POST", "/accounts",
                "{\"address\":\"Alice.Api@e2e.test\",\"password\":\"pa55 word\",\"displayName\":\"Alice Api\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject alice = ApiJson.object(created.body());
        assertEquals("alice.api@e2e.test", alice.getString("address"));
        assertEquals("Alice Api", alice.getString("displayName"));
        assertTrue(alice.getBoolean("enabled"));
        assertFalse(alice.containsKey("passwordHash"), "the hash never leaves the server");

        assertTrue(ApiJson.strings(ApiJson.array(admin("GET", "/accounts", null).body()), "address")
                .contains("alice.api@e2e.test"));
        assertEquals(200, admin("GET", "/accounts/alice.api@e2e.test", null).statusCode());

        HttpResponse<String> disabled = admin("PUT", "/accounts/alice.api@e2e.test/enabled", "{\"enabled\":false}");
        assertEquals(200, disabled.statusCode(), disabled.body());
        assertFalse(ApiJson.object(disabled.body()).getBoolean("enabled"));
        assertEquals(204, admin("PUT", "/accounts/alice.api@e2e.test/password", "{\"password\":\"other\"}").statusCode());

        assertEquals(409, admin("POST", "/accounts", "{\"address\":\"alice.api@e2e.test\",\"password\":\"x\"}").statusCode());
        assertEquals(204, admin("DELETE", "/accounts/alice.api@e2e.test", null).statusCode());
        assertEquals(404, admin("GET", "/accounts/alice.api@e2e.test", null).statusCode());
        assertEquals(404, admin("DELETE", "/accounts/alice.api@e2e.test", null).statusCode());
        assertEquals(404, admin("PUT", "/accounts/alice.api@e2e.test/password", "{\"password\":\"x\"}").statusCode());
    }

    @Test
    void badInputIsA400NamingTheField() {
        record Case(String path, String body, String field) {
        }
        List<Case> cases = List.of(
                new Case("/accounts", "{\"address\":\"x@e2e.test\",", "body"),
                new Case("/accounts", "[1,2]", "body"),
                new Case("/accounts", "", "body"),
                new Case("/accounts", "{\"address\":\"not an address\",\"password\":\"p\"}", "address"),
                new Case("/accounts", "{\"address\":\"x@e2e.test\",\"password\":\"\"}", "password"),
                new Case("/accounts", "{\"address\":\"x@e2e.test\"}", "password"),
                new Case("/accounts", "{\"address\":42,\"password\":\"p\"}", "address"),
                new Case("/accounts", "{\"address\":\"x@not-local.example\",\"password\":\"p\"}", "address"),
                new Case("/domains", "{\"name\":\"no_such domain\"}", "name"),
                new Case("/aliases", "{\"address\":\"sales@e2e.test\",\"targets\":[]}", "targets"),
                new Case("/aliases", "{\"address\":\"sales@e2e.test\",\"targets\":\"a@b.test\"}", "targets"));
        for (Case c : cases) {
            HttpResponse<String> r = admin("POST", c.path(), c.body());
            assertEquals(400, r.statusCode(), c + " -> " + r.body());
            String error = ApiJson.object(r.body()).getString("error");
            assertTrue(error.startsWith(c.field() + ":"), c + " -> " + error);
        }
        HttpResponse<String> badFlag = admin("PUT", "/accounts/nobody@e2e.test/enabled", "{\"enabled\":\"no\"}");
        assertEquals(400, badFlag.statusCode());
    }

    @Test
    void aliasesResolveToAddresses() {
        admin("POST", "/accounts", "{\"address\":\"target.alias@e2e.test\",\"password\":\"p\"}");
        admin("POST", "/accounts", "{\"address\":\"second.alias@e2e.test\",\"password\":\"p\"}");
        HttpResponse<String> created = admin("POST", "/aliases",
                "{\"address\":\"sales.alias@e2e.test\",\"targets\":[\"target.alias@e2e.test\",\"Second.Alias@e2e.test\"]}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(List.of("target.alias@e2e.test", "second.alias@e2e.test"),
                ApiJson.strings(ApiJson.object(created.body()).getJsonArray("targets")));
        assertTrue(ApiJson.strings(ApiJson.array(admin("GET", "/aliases", null).body()), "address")
                .contains("sales.alias@e2e.test"));
        assertEquals(409, admin("POST", "/aliases",
                "{\"address\":\"target.alias@e2e.test\",\"targets\":[\"x@e2e.test\"]}").statusCode());
        assertEquals(204, admin("DELETE", "/aliases/sales.alias@e2e.test", null).statusCode());
        assertEquals(404, admin("DELETE", "/aliases/sales.alias@e2e.test", null).statusCode());
    }

    /** Until forwarding exists, mail for a target on another server would be lost: such an alias is refused. */
    @Test
    void aliasesWithTargetsOnOtherServersAreRefusedNamingThem() {
        admin("POST", "/accounts", "{\"address\":\"local.target@e2e.test\",\"password\":\"p\"}");
        for (String targets : List.of("[\"local.target@e2e.test\",\"partner@elsewhere.example\"]",
                "[\"partner@elsewhere.example\",\"Other@Remote.Example\"]")) {
            HttpResponse<String> r = admin("POST", "/aliases", "{\"address\":\"remote.alias@e2e.test\",\"targets\":" + targets + "}");
            assertEquals(400, r.statusCode(), r.body());
            String error = ApiJson.object(r.body()).getString("error");
            assertTrue(error.startsWith("targets:") && error.contains("partner@elsewhere.example"), error);
            assertEquals(targets.contains("Other"), error.contains("other@remote.example"), error);
            assertFalse(error.contains("local.target"), error);
        }
        assertEquals(404, admin("GET", "/aliases/remote.alias@e2e.test", null).statusCode());
    }

    @Test
    void noOrWrongCredentialsAre401() {
        HttpResponse<String> anonymous = Server.send(HttpRequest.newBuilder(Server.api("/accounts")).GET());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));

        HttpResponse<String> wrong = Server.send(HttpRequest.newBuilder(Server.api("/accounts"))
                .header("Authorization", Server.basic("admin", "not-the-password")).GET());
        assertEquals(401, wrong.statusCode());

        HttpResponse<String> otherUser = Server.send(HttpRequest.newBuilder(Server.api("/accounts"))
                .header("Authorization", Server.basic("root", Server.ADMIN_PASSWORD)).GET());
        assertEquals(401, otherUser.statusCode());

        HttpResponse<String> write = Server.send(HttpRequest.newBuilder(Server.api("/domains"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sneaky.test\"}")));
        assertEquals(401, write.statusCode());
        assertFalse(ApiJson.strings(ApiJson.array(admin("GET", "/domains", null).body()), "name").contains("sneaky.test"));
    }

    @Test
    void startPageShowsProductAndVersion() {
        HttpResponse<String> page = Server.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + Server.HTTP_PORT + "/")).GET());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<h1 id=\"product\">Maildock</h1>"), page.body());
        assertTrue(page.body().matches("(?s).*<span id=\"version\">\\d+\\.\\d+\\.\\d+[^<]*</span>.*"), page.body());
    }
}
