package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static dev.maildock.e2e.Server.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An alias with a target on another server, as versions before the refusal stored one (written
 * straight into the database while the server is stopped): every start names it in the log
 * (MAILDOCK0207W), so the copy its remote target does not get is not lost without a trace.
 */
class AliasRemoteTargetsIT {

    @Test
    void anExistingAliasWithRemoteTargetsIsNamedAtStart() throws Exception {
        String local = Accounts.create("old-alias-target");
        String alias = "old-alias-" + System.currentTimeMillis() + "@" + Server.LOCAL_DOMAIN;
        Server.control("stop");
        try (Connection db = connect()) {
            insertAlias(db, alias, local, "partner@elsewhere.example");
        } finally {
            shutDownDerby();
            Server.control("start");
            Server.awaitReady(Duration.ofSeconds(120));
        }
        String log = Files.readString(Server.serverDir().resolve("logs/messages.log"));
        assertTrue(log.lines().anyMatch(l -> l.contains("MAILDOCK0207W") && l.contains(alias)
                && l.contains("partner@elsewhere.example") && !l.contains(local)), log);
        assertEquals(204, admin("DELETE", "/aliases/" + alias, null).statusCode());
    }

    private static void insertAlias(Connection db, String alias, String... targets) throws SQLException {
        long domain;
        try (PreparedStatement q = db.prepareStatement("SELECT ID FROM MD_DOMAIN WHERE NAME = ?")) {
            q.setString(1, Server.LOCAL_DOMAIN);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next(), "the e2e domain exists");
                domain = rs.getLong(1);
            }
        }
        long id;
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO MD_ALIAS (ADDRESS, DOMAIN_ID) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, alias);
            insert.setLong(2, domain);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertTrue(keys.next());
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO MD_ALIAS_TARGET (ALIAS_ID, TARGET, POSITION) VALUES (?, ?, ?)")) {
            for (int i = 0; i < targets.length; i++) {
                insert.setLong(1, id);
                insert.setString(2, targets[i]);
                insert.setInt(3, i);
                insert.executeUpdate();
            }
        }
    }

    private static Connection connect() throws SQLException {
        if ("postgresql".equals(System.getProperty("e2e.db"))) {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + System.getProperty("e2e.pg.port") + "/maildock",
                    "maildock", "maildock-test");
        }
        return DriverManager.getConnection("jdbc:derby:" + Server.serverDir().resolve("databases/maildock"));
    }

    /** Embedded Derby holds the database until it is shut down; the server needs it back. */
    private static void shutDownDerby() {
        if (!"postgresql".equals(System.getProperty("e2e.db"))) {
            try {
                DriverManager.getConnection("jdbc:derby:;shutdown=true").close();
            } catch (SQLException e) {
                // Derby reports a successful shutdown as an exception with this state.
                assertEquals("XJ015", e.getSQLState(), e.toString());
            }
        }
    }
}
