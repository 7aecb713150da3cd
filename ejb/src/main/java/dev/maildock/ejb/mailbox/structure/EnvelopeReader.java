package dev.maildock.ejb.mailbox.structure;

import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.MailAddress;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.DomainList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.util.ByteArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ENVELOPE (RFC 9051 section 7.5.2) from a message's header fields. Values stay as they stand
 * (unfolded, encoded words not decoded), as Dovecot shows them; address lists are parsed by
 * mime4j's lenient parser, which takes groups, route-addrs and broken addresses alike, and a
 * mailbox without a display name is named by its comment ({@link AddressComments}).
 */
public final class EnvelopeReader {

    /**
     * What Dovecot writes for a part missing from an address: a NIL host would make the address a
     * group marker (RFC 9051), so neither part may be NIL.
     */
    static final String MISSING_MAILBOX = "MISSING_MAILBOX";
    static final String MISSING_DOMAIN = "MISSING_DOMAIN";

    /**
     * mime4j decodes encoded words in display names, which ENVELOPE must show undecoded: the
     * {@code "=?"} that starts one is hidden behind a private-use character while parsing.
     */
    private static final String ENCODED_WORD_START = "=?";
    private static final String HIDDEN_START = "\uE000?";

    private EnvelopeReader() {
    }

    static EnvelopeFields read(HeaderFields fields) {
        return new EnvelopeFields(fields.get("date"), fields.get("subject"), addresses(fields.get("from")),
                addresses(fields.get("sender")), addresses(fields.get("reply-to")), addresses(fields.get("to")),
                addresses(fields.get("cc")), addresses(fields.get("bcc")), fields.get("in-reply-to"),
                fields.get("message-id"));
    }

    /** An address list in RFC 9051's form (groups as start marker, members, end marker); empty when absent. */
    public static List<MailAddress> addresses(String body) {
        List<MailAddress> list = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return list;
        }
        byte[] octets = body.replace(ENCODED_WORD_START, HIDDEN_START).getBytes(StandardCharsets.UTF_8);
        ByteArrayBuffer buffer = new ByteArrayBuffer(octets, octets.length, false);
        AddressList parsed = LenientAddressParser.DEFAULT.parseAddressList(buffer, new ParserCursor(0, octets.length));
        // Comments only where the raw list splits into as many addresses as the parser found.
        List<String> comments = AddressComments.of(body);
        for (int i = 0; i < parsed.size(); i++) {
            Address address = parsed.get(i);
            if (address instanceof Group group) {
                list.add(MailAddress.groupStart(Objects.requireNonNullElse(shown(group.getName()), "")));
                for (Mailbox member : group.getMailboxes()) {
                    list.add(of(member, null));
                }
                list.add(MailAddress.groupEnd());
            } else if (address instanceof Mailbox mailbox) {
                list.add(of(mailbox, comments.size() == parsed.size() ? comments.get(i) : null));
            }
        }
        return list;
    }

    private static MailAddress of(Mailbox mailbox, String comment) {
        DomainList route = mailbox.getRoute();
        String localPart = shown(mailbox.getLocalPart());
        String domain = shown(mailbox.getDomain());
        String name = shown(mailbox.getName());
        return new MailAddress(name == null || name.isEmpty() ? comment : name,
                route == null || route.isEmpty() ? null : shown(route.toRouteString()),
                localPart == null || localPart.isEmpty() ? MISSING_MAILBOX : localPart,
                domain == null || domain.isEmpty() ? MISSING_DOMAIN : domain);
    }

    private static String shown(String parsed) {
        return parsed == null ? null : parsed.replace(HIDDEN_START, ENCODED_WORD_START);
    }
}
