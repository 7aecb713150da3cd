package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static dev.maildock.e2e.Server.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the API writes lands in the database the server was configured for (maildock.db), not in
 * a fallback: on PostgreSQL the row is read back with plain JDBC, on Derby the database files
 * are on disk under the server's output folder.
 */
class StorageIT {

    @Test
    void accountsAreStoredInTheConfiguredDatabase() throws Exception {
        String address = "stored-" + System.currentTimeMillis() + "@e2e.test";
        assertEquals(201, admin("POST", "/accounts", "{\"address\":\"" + address + "\",\"password\":\"p\"}").statusCode());
        String db = System.getProperty("e2e.db");
        if ("postgresql".equals(db)) {
            String url = "jdbc:postgresql://127.0.0.1:" + System.getProperty("e2e.pg.port") + "/maildock";
            try (Connection c = DriverManager.getConnection(url, "maildock", "maildock-test");
                 PreparedStatement q = c.prepareStatement("SELECT enabled FROM md_account WHERE address = ?")) {
                q.setString(1, address);
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next(), "the account row is in PostgreSQL");
                    assertTrue(rs.getBoolean(1));
                }
            }
        } else {
            assertEquals("derby", db);
            Path derby = Path.of(System.getProperty("e2e.wlp.home"), "usr", "servers", System.getProperty("e2e.server.name"),
                    "databases", "maildock");
            assertTrue(Files.isDirectory(derby.resolve("seg0")), "Derby's files are at " + derby);
        }
    }
}
