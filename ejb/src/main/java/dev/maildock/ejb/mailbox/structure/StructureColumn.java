package dev.maildock.ejb.mailbox.structure;

import dev.maildock.ejb.common.InLists;
import dev.maildock.ejb.mailbox.ContentStore;
import dev.maildock.rar.api.imap.MessageStructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MIME_STRUCTURE column of MD_MESSAGE_CONTENT by JDBC on the mail store's connection: the kept
 * structures of many contents in one query, the messages still without one parsed as they stream
 * out of the database, and the results written back in one batch.
 */
@ApplicationScoped
class StructureColumn {

    @Inject
    private ContentStore store;

    /** The readable kept structures of these contents (absent: none kept, an older version, or no such content). */
    Map<Long, MessageStructure> kept(Collection<Long> contentIds) {
        Map<Long, MessageStructure> found = new HashMap<>();
        try (Connection c = store.connection()) {
            for (List<Long> slice : InLists.slices(contentIds)) {
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT ID, MIME_STRUCTURE FROM MD_MESSAGE_CONTENT WHERE MIME_STRUCTURE IS NOT NULL AND ID IN ("
                                + placeholders(slice.size()) + ")")) {
                    bind(q, slice);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            StructureCodec.decode(rs.getBytes(2)).ifPresent(s -> found.put(id, s));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The kept message structures could not be read", e);
        }
        return found;
    }

    /**
     * Parses the stored octets of these contents, each read as a stream (a large message is never
     * whole in the heap), in one query streamed row by row.
     */
    Map<Long, MessageStructure> parse(Collection<Long> contentIds) {
        Map<Long, MessageStructure> parsed = new HashMap<>();
        try (Connection c = store.connection()) {
            for (List<Long> slice : InLists.slices(contentIds)) {
                try (PreparedStatement q = c.prepareStatement("SELECT ID, RAW FROM MD_MESSAGE_CONTENT WHERE ID IN ("
                        + placeholders(slice.size()) + ")")) {
                    q.setFetchSize(16); // PostgreSQL's driver would otherwise fetch every row at once
                    bind(q, slice);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            try (InputStream raw = rs.getBinaryStream(2)) {
                                parsed.put(id, StructureParser.parse(raw == null ? InputStream.nullInputStream() : raw));
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The messages could not be read for their structure", e);
        } catch (IOException e) {
            throw new UncheckedIOException("A message could not be read for its structure", e);
        }
        return parsed;
    }

    /** Keeps these structures, in one batch, in the order of their content ids. */
    void keep(Map<Long, MessageStructure> structures) {
        if (structures.isEmpty()) {
            return;
        }
        try (Connection c = store.connection();
             PreparedStatement update = c.prepareStatement("UPDATE MD_MESSAGE_CONTENT SET MIME_STRUCTURE = ? WHERE ID = ?")) {
            for (Long id : structures.keySet().stream().sorted().toList()) {
                update.setBytes(1, StructureCodec.encode(structures.get(id)));
                update.setLong(2, id);
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("The message structures could not be kept", e);
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bind(PreparedStatement q, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            q.setLong(i + 1, ids.get(i));
        }
    }
}
