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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MIME_STRUCTURE column of MD_MESSAGE_CONTENT by JDBC on the mail store's connection: the kept
 * structures of many contents in one query, the messages still without one parsed as they are
 * read, and the results written back in one batch.
 */
@ApplicationScoped
class StructureColumn {

    @Inject
    private ContentStore store;

    /**
     * The existing contents among these, each with its size and its kept structure if readable
     * (null: none kept, an older version or unreadable), in one query per slice of ids.
     */
    Map<Long, Kept> kept(Collection<Long> contentIds) {
        Map<Long, Kept> found = new HashMap<>();
        try (Connection c = store.connection()) {
            for (List<Long> slice : InLists.slices(contentIds)) {
                try (PreparedStatement q = c.prepareStatement("SELECT ID, SIZE, MIME_STRUCTURE FROM MD_MESSAGE_CONTENT"
                        + " WHERE ID IN (" + InLists.placeholders(slice.size()) + ")")) {
                    InLists.bind(q, 1, slice);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getLong(1),
                                    new Kept(rs.getLong(2), StructureCodec.decode(rs.getBytes(3)).orElse(null)));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The kept message structures could not be read", e);
        }
        return found;
    }

    /** Parses a stored message as it is read from the database in ranges. */
    MessageStructure parse(long contentId, long size) {
        try (InputStream raw = new ContentInputStream(store, contentId, size)) {
            return StructureParser.parse(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("A message could not be read for its structure", e);
        }
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

    /** A content's size and its readable kept structure, or null. */
    record Kept(long size, MessageStructure structure) {
    }
}
