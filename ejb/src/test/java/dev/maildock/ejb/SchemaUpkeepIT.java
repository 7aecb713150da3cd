package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.admin.SchemaUpkeep;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema is checked against the entities at start and extended only when they differ from what
 * was recorded: on the real EclipseLink and Derby, with the schema changed behind its back.
 */
@ExtendWith(ArquillianExtension.class)
class SchemaUpkeepIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("schema-it");
    }

    @EJB
    private SchemaUpkeep schema;
    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;

    @Resource(lookup = "jdbc/maildock-it")
    private DataSource dataSource;

    @Test
    void aSchemaThatMatchesTheEntitiesIsLeftAlone() {
        // The deployment's start created the tables (the database is new) and recorded them.
        assertFalse(schema.ensure());
        assertFalse(schema.ensure());
    }

    @Test
    void aMissingColumnIsAddedBackAndTheRowsAreKept() throws SQLException {
        domains.create("schema.test");
        accounts.create("carol@schema.test", "a long pass phrase", "Carol");
        // A database from a release before the column existed, which recorded that release's schema.
        sql("ALTER TABLE MD_ACCOUNT DROP COLUMN DISPLAYNAME");
        sql("UPDATE MD_SETTING SET SETTING_VALUE = 'an earlier schema' WHERE NAME = 'schema.fingerprint'");
        assertFalse(hasColumn("MD_ACCOUNT", "DISPLAYNAME"));

        assertTrue(schema.ensure(), "a different schema is extended");

        assertTrue(hasColumn("MD_ACCOUNT", "DISPLAYNAME"));
        assertTrue(accounts.authenticate("carol@schema.test", "a long pass phrase"), "the account's row is kept");
        accounts.create("dave@schema.test", "another pass phrase", "Dave");
        assertEquals("Dave", accounts.get("dave@schema.test").displayName(), "the column is usable again");
        assertFalse(schema.ensure(), "the extension was recorded: the next start does not extend again");
    }

    @Test
    void aMissingIndexIsCreated() throws SQLException {
        // A database from a release before the index existed (EclipseLink's extension adds columns
        // only). Not MD_ENTRY_BY_CONTENT: Derby never makes that one, its foreign key's index serves.
        sql("DROP INDEX MD_ENTRY_BY_MODSEQ");
        sql("UPDATE MD_SETTING SET SETTING_VALUE = 'an earlier schema' WHERE NAME = 'schema.fingerprint'");
        assertFalse(hasIndex("MD_MAILBOX_ENTRY", "MD_ENTRY_BY_MODSEQ"));

        assertTrue(schema.ensure());

        assertTrue(hasIndex("MD_MAILBOX_ENTRY", "MD_ENTRY_BY_MODSEQ"));
        assertFalse(schema.ensure(), "recorded once the index is there");
    }

    @Test
    void aDatabaseWithoutARecordedSchemaIsCheckedOnceAndRecorded() throws SQLException {
        // A database created before Maildock recorded its schema.
        sql("DELETE FROM MD_SETTING WHERE NAME = 'schema.fingerprint'");

        assertTrue(schema.ensure());
        assertFalse(schema.ensure());
    }

    @Test
    void anExtensionThatCouldNotAddAColumnIsNotRecordedAndIsTriedAgain() throws SQLException {
        sql("ALTER TABLE MD_ACCOUNT DROP COLUMN DISPLAYNAME");
        sql("UPDATE MD_SETTING SET SETTING_VALUE = 'an earlier schema' WHERE NAME = 'schema.fingerprint'");
        // Another connection holds MD_ACCOUNT (as another node's long transaction might), so
        // EclipseLink's ALTER TABLE times out; Derby's wait is cut from 60 s to 2 s meanwhile.
        sql("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '2')");
        try (Connection holder = dataSource.getConnection(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE MD_ACCOUNT IN EXCLUSIVE MODE");
            assertTrue(schema.ensure(), "an extension was attempted");
            holder.rollback();
        } finally {
            sql("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', NULL)");
        }
        assertFalse(hasColumn("MD_ACCOUNT", "DISPLAYNAME"), "the lock kept the column out");

        assertTrue(schema.ensure(), "not recorded, so the next start extends again");
        assertTrue(hasColumn("MD_ACCOUNT", "DISPLAYNAME"));
        assertFalse(schema.ensure());
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    /** Derby's catalogue by name: its metadata lists an index that duplicates a constraint's under the constraint's name. */
    private boolean hasIndex(String table, String index) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM SYS.SYSCONGLOMERATES g JOIN SYS.SYSTABLES t"
                     + " ON g.TABLEID = t.TABLEID WHERE t.TABLENAME = ? AND g.CONGLOMERATENAME = ?")) {
            q.setString(1, table);
            q.setString(2, index);
            try (ResultSet count = q.executeQuery()) {
                return count.next() && count.getInt(1) == 1;
            }
        }
    }

    private boolean hasColumn(String table, String column) throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet columns = c.getMetaData().getColumns(null, null, table, column)) {
            return columns.next();
        }
    }
}
