package dev.maildock.ejb.admin;

import dev.maildock.ejb.config.MaildockConfig;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Index;
import jakarta.persistence.PersistenceUnit;
import jakarta.persistence.Table;
import jakarta.persistence.metamodel.EntityType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Keeps the database schema in line with the entities: creates missing tables, adds missing columns,
 * keeps existing data (EclipseLink's create-or-extend-tables).
 * <p>
 * EclipseLink would do that at every start, reading the catalogue of every table and adding every
 * constraint again (each refusal logged as a CWWJP9991W warning): some 0.4 s of a 7 s start on this
 * 2-core machine, more on PostgreSQL over a network. Instead the schema is extended only when the
 * DDL EclipseLink would write for the entities differs from the DDL recorded (as a SHA-256) after the
 * last extension: on a new database, and once after an upgrade that changed an entity.
 * <p>
 * Runs outside a transaction, as the DDL at deployment did: the constraint statements that an
 * existing table refuses would otherwise abort a PostgreSQL transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaUpkeep {

    static final String FINGERPRINT_SETTING = "schema.fingerprint";

    private static final Logger LOG = Logger.getLogger(SchemaUpkeep.class.getName());
    /** CREATE INDEX of a name in use: Derby's X0Y32, PostgreSQL's 42P07. */
    private static final Set<String> ALREADY_EXISTS = Set.of("X0Y32", "42P07");

    @PersistenceUnit(unitName = "maildock")
    private EntityManagerFactory emf;

    @Inject
    private MaildockConfig config;

    /** @return whether the schema had to be extended */
    public boolean ensure() {
        EclipseLinkSchema schema = new EclipseLinkSchema(emf);
        String ddl = schema.createStatements();
        String wanted = fingerprint(ddl);
        if (wanted.equals(recorded())) {
            return false;
        }
        schema.extend();
        // EclipseLink logs a statement that fails and goes on. Recorded, a schema that is still
        // short (no ALTER privilege; a lock timeout while another node works the tables) would
        // never be tried again, so it is recorded only once every table and column is there.
        List<String> missing = missing(CreateTables.columns(ddl));
        missing.addAll(createMissingIndexes());
        if (!missing.isEmpty()) {
            LOG.warning("MAILDOCK0204W: The database schema could not be brought in line with the entities; missing "
                    + missing + ". EclipseLink's warnings above say why; the next start tries again.");
            return true;
        }
        record(wanted);
        LOG.info("MAILDOCK0202I: The database schema was brought in line with the entities (schema " + wanted.substring(0, 12) + ").");
        return true;
    }

    /**
     * Creates the entities' indexes ({@code @Table(indexes)}) an existing table lacks, since
     * EclipseLink's extension adds columns, not indexes (MD_ENTRY_BY_CONTENT came to no existing
     * database), and returns the names of those it could not create. Each is simply created:
     * "already exists" is the answer for the others, and Derby skips one that duplicates a
     * constraint's index with a warning (its foreign-key indexes serve already).
     */
    private List<String> createMissingIndexes() {
        List<String> missing = new ArrayList<>();
        try (Connection c = config.dataSource().getConnection(); Statement s = c.createStatement()) {
            // Each statement on its own: outside a transaction Liberty would roll back what a
            // connection without auto-commit did, and on PostgreSQL one refusal would end the rest.
            c.setAutoCommit(true);
            for (EntityType<?> entity : emf.getMetamodel().getEntities()) {
                Table table = entity.getJavaType().getAnnotation(Table.class);
                for (Index index : table == null ? new Index[0] : table.indexes()) {
                    try {
                        s.executeUpdate("CREATE INDEX " + index.name() + " ON " + table.name()
                                + " (" + index.columnList() + ")");
                    } catch (SQLException e) {
                        if (!ALREADY_EXISTS.contains(e.getSQLState())) {
                            missing.add(index.name() + " (" + e.getMessage() + ")");
                        }
                    }
                }
            }
        } catch (SQLException e) {
            missing.add("(no connection: " + e.getMessage() + ")");
        }
        return missing;
    }

    /** TABLE.COLUMN of each column (or TABLE of each table) the database does not have. */
    private List<String> missing(Map<String, List<String>> expected) {
        List<String> missing = new ArrayList<>();
        try (Connection c = config.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (Map.Entry<String, List<String>> table : expected.entrySet()) {
                // No rows, only the columns: the same query on Derby and PostgreSQL, whose
                // catalogues fold unquoted names to different cases.
                try (ResultSet none = s.executeQuery("SELECT * FROM " + table.getKey() + " WHERE 1 = 0")) {
                    ResultSetMetaData meta = none.getMetaData();
                    Set<String> present = new HashSet<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        present.add(meta.getColumnName(i).toUpperCase(Locale.ROOT));
                    }
                    table.getValue().stream().filter(column -> !present.contains(column))
                            .forEach(column -> missing.add(table.getKey() + "." + column));
                } catch (SQLException e) {
                    missing.add(table.getKey());
                }
            }
        } catch (SQLException e) {
            missing.add("(no connection: " + e.getMessage() + ")");
        }
        return missing;
    }

    /**
     * The SHA-256 of the CREATE statements EclipseLink writes for the entities on this database's
     * platform. The lines are sorted first: the order in which the generator visits tables is not
     * part of the schema.
     */
    static String fingerprint(String ddl) {
        String canonical = String.join("\n", ddl.lines()
                .map(String::strip).filter(line -> !line.isEmpty()).sorted().toList());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The fingerprint recorded by the last extension, or null (also when there is no table yet). */
    String recorded() {
        try (Connection c = config.dataSource().getConnection();
             PreparedStatement read = c.prepareStatement("SELECT SETTING_VALUE FROM MD_SETTING WHERE NAME = ?")) {
            read.setString(1, FINGERPRINT_SETTING);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            return null; // a new database: MD_SETTING does not exist yet
        }
    }

    private void record(String fingerprint) {
        try (Connection c = config.dataSource().getConnection()) {
            try (PreparedStatement update = c.prepareStatement("UPDATE MD_SETTING SET SETTING_VALUE = ? WHERE NAME = ?")) {
                update.setString(1, fingerprint);
                update.setString(2, FINGERPRINT_SETTING);
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO MD_SETTING (NAME, SETTING_VALUE) VALUES (?, ?)")) {
                insert.setString(1, FINGERPRINT_SETTING);
                insert.setString(2, fingerprint);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            // Another node starting at the same moment may have inserted it; either way the schema
            // is extended, and a fingerprint that was not recorded only means one more check.
            LOG.warning("MAILDOCK0203W: The database schema's fingerprint was not recorded, so the next start checks the schema again: " + e.getMessage());
        }
    }
}
