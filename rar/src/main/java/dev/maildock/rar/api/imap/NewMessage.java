package dev.maildock.rar.api.imap;

import dev.maildock.rar.api.MessageData;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One message of an APPEND (RFC 3502 MULTIAPPEND sends several in one command).
 *
 * @param internalDate null means now
 * @param binary       sent as a literal8 (RFC 3516): parts in Content-Transfer-Encoding binary may
 *                     hold NULs, which the platform stores base64-encoded so that BODY[] can send them
 */
public record NewMessage(Set<SystemFlag> flags, List<String> keywords, Instant internalDate, MessageData content,
        boolean binary) {
}
