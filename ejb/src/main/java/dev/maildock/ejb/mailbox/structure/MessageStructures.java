package dev.maildock.ejb.mailbox.structure;

import dev.maildock.rar.api.imap.MessageStructure;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The MIME structure of stored messages, worked out once per content and kept in its row: on
 * first use, not at delivery, so the SMTP ingest path does no MIME parsing. A FETCH of many
 * messages asks for a slice at once: one query reads the kept ones, only the rest are parsed.
 *
 * <p>Outside any transaction ({@code NOT_SUPPORTED}, each statement commits by itself): content
 * is immutable, so a structure is a pure function of it and two sessions computing the same one
 * at once both write the same octets, which needs no lock or coordination. Running inside the
 * caller's transaction instead would hold the rows' write locks until a possibly long FETCH
 * ends, and two such FETCHes reading and keeping the same messages could deadlock; nor does a
 * caller's rollback undo a keep, which is right for a value derived from immutable octets.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MessageStructures {

    @Inject
    private StructureColumn column;

    /**
     * The structure of one stored message; empty when there is no such content (expunged
     * meanwhile). Not an exception: outside a transaction one would be logged as a rollback.
     */
    public Optional<MessageStructure> structureOf(long contentId) {
        return Optional.ofNullable(structuresOf(Set.of(contentId)).get(contentId));
    }

    /** The structures of these stored messages by content id; ids with no content are left out. */
    public Map<Long, MessageStructure> structuresOf(Collection<Long> contentIds) {
        Map<Long, MessageStructure> structures = new HashMap<>();
        if (contentIds.isEmpty()) {
            return structures;
        }
        Map<Long, MessageStructure> parsed = new HashMap<>();
        column.kept(new LinkedHashSet<>(contentIds)).forEach((id, kept) -> {
            if (kept.structure() != null) {
                structures.put(id, kept.structure());
            } else {
                parsed.put(id, column.parse(id, kept.size()));
            }
        });
        column.keep(parsed);
        structures.putAll(parsed);
        return structures;
    }
}
