package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.common.InLists;
import dev.maildock.ejb.config.MaildockConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Message bytes in and out of MD_MESSAGE_CONTENT by streaming, which JPA cannot do for a
 * {@code byte[]} @Lob: a 25 MiB message goes from the spool file into the BLOB, and POP3 reads it
 * back in ranges, without ever being whole in the heap. Runs on the JPA data source inside the
 * caller's JTA transaction (Liberty hands both the same shared connection), so the row is part of
 * the delivery's all-or-nothing commit.
 */
@ApplicationScoped
public class ContentStore {

    private static final String INSERT = "INSERT INTO MD_MESSAGE_CONTENT (RAW, SIZE, CREATED) VALUES (?, ?, ?)";

    @Inject
    private MaildockConfig config;

    private DataSource dataSource;

    /** Which SQL dialect the store speaks; fixed for the data source, so found out once. */
    private volatile Boolean postgres;

    @PostConstruct
    void lookUp() {
        dataSource = config.dataSource();
    }

    /** Stores a message and returns its MessageContent id. */
    public long insert(MessageSource source, Instant created) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = prepareInsert(c, INSERT);
             InputStream in = source.open()) {
            insert.setBinaryStream(1, in, source.size());
            insert.setLong(2, source.size());
            insert.setTimestamp(3, Timestamp.from(created));
            return executeInsert(insert);
        } catch (SQLException e) {
            throw new IllegalStateException("The message could not be stored", e);
        } catch (IOException e) {
            throw new UncheckedIOException("The message could not be read from its spool", e);
        }
    }

    /**
     * Whole contents by id, for IMAP's FETCH of a slice's small messages: plain JDBC and
     * {@code getBytes}, as POP3's read-ahead does (EclipseLink materialised a {@code Blob} per row
     * and copied it), the id list {@link InLists#padded}. Ids without a row are left out.
     */
    public Map<Long, byte[]> whole(List<Long> ids) {
        Map<Long, byte[]> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection()) {
            for (List<Long> slice : InLists.slices(ids)) {
                List<Long> padded = InLists.padded(slice);
                try (PreparedStatement q = c.prepareStatement("SELECT ID, RAW FROM MD_MESSAGE_CONTENT WHERE ID IN ("
                        + InLists.placeholders(padded.size()) + ")")) {
                    InLists.bind(q, 1, padded);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getLong(1), rs.getBytes(2));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Message contents could not be read", e);
        }
        return found;
    }

    /** Up to {@code length} octets from {@code offset} (0-based); empty past the end. */
    public byte[] read(long contentId, long offset, int length) {
        try (Connection c = dataSource.getConnection()) {
            if (isPostgres(c)) {
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT substring(RAW from CAST(? AS integer) for CAST(? AS integer)) FROM MD_MESSAGE_CONTENT WHERE ID = ?")) {
                    q.setLong(1, offset + 1);
                    q.setInt(2, length);
                    q.setLong(3, contentId);
                    try (ResultSet rs = q.executeQuery()) {
                        return rs.next() ? rs.getBytes(1) : missing(contentId);
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT RAW, SIZE FROM MD_MESSAGE_CONTENT WHERE ID = ?")) {
                q.setLong(1, contentId);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return missing(contentId);
                    }
                    long size = rs.getLong(2);
                    if (offset >= size) {
                        return new byte[0];
                    }
                    Blob blob = rs.getBlob(1);
                    try {
                        return blob.getBytes(offset + 1, (int) Math.min(length, size - offset));
                    } finally {
                        blob.free();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The message could not be read", e);
        }
    }

    /**
     * Which of {@code candidates} (entry ids of one folder) have stored octets containing
     * {@code needle} ({@link TextScan}).
     */
    Set<Long> entriesContaining(long folderId, Set<Long> candidates, String needle) {
        Set<Long> found = new HashSet<>();
        scan(folderId, candidates, (entry, raw) -> {
            if (TextScan.contains(raw, needle)) {
                found.add(entry);
            }
        });
        return found;
    }

    /** What a search does with the stored octets of one entry. */
    @FunctionalInterface
    public interface EntryScan {
        void scan(long entryId, InputStream raw) throws IOException;
    }

    /**
     * Hands the stored octets of each of {@code candidates} (entry ids of one folder) to
     * {@code scan}. One query streamed row by row, each message read as a stream: a search
     * through a large folder never holds it in memory.
     */
    public void scan(long folderId, Set<Long> candidates, EntryScan scan) {
        if (candidates.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT e.ID, c.RAW FROM MD_MAILBOX_ENTRY e"
                     + " JOIN MD_MESSAGE_CONTENT c ON c.ID = e.CONTENT_ID WHERE e.FOLDER_ID = ?")) {
            q.setFetchSize(16); // PostgreSQL's driver would otherwise fetch every row at once
            q.setLong(1, folderId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long entry = rs.getLong(1);
                    if (candidates.contains(entry)) {
                        try (InputStream raw = rs.getBinaryStream(2)) {
                            if (raw != null) {
                                scan.scan(entry, raw);
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The folder could not be searched", e);
        } catch (IOException e) {
            throw new UncheckedIOException("A message could not be read for the search", e);
        }
    }

    /**
     * A connection of the mail store's data source. Inside a JTA transaction it is the one JPA
     * uses (Liberty shares it), so what is written through it commits or rolls back with the rest.
     */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * An INSERT into a table whose key column {@code ID} the database generates, prepared so that
     * {@link #executeInsert} can return the new key. PostgreSQL's driver would answer
     * RETURN_GENERATED_KEYS with every column (for MD_MESSAGE_CONTENT, the whole BLOB); asking
     * for the key column alone avoids that.
     */
    public PreparedStatement prepareInsert(Connection c, String sql) throws SQLException {
        return isPostgres(c) ? c.prepareStatement(sql, new String[] {"id"}) : c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
    }

    /** Runs an INSERT made by {@link #prepareInsert} and returns the generated key. */
    public static long executeInsert(PreparedStatement insert) throws SQLException {
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new IllegalStateException("no id was generated by " + insert);
            }
            return keys.getLong(1);
        }
    }

    /** Whether the store is PostgreSQL (else Derby): for the few statements whose SQL differs. */
    public boolean isPostgres() {
        try (Connection c = dataSource.getConnection()) {
            return isPostgres(c);
        } catch (SQLException e) {
            throw new IllegalStateException("The mail store cannot be reached", e);
        }
    }

    private static byte[] missing(long contentId) {
        throw new IllegalStateException("no message content " + contentId);
    }

    private boolean isPostgres(Connection c) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            postgres = known;
        }
        return known;
    }
}
