package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.AliasService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.provider.spi.Flag;
import dev.maildock.provider.spi.GatewayException;
import dev.maildock.provider.spi.MaildockGateway;
import dev.maildock.provider.spi.MessageInfo;
import dev.maildock.provider.spi.SearchCriteria;
import dev.maildock.provider.spi.SendReceipt;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Maildock's side of the Jakarta Mail provider, called as the provider calls it (the local interface). */
@ExtendWith(ArquillianExtension.class)
class ProviderGatewayIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("provider-gateway-it");
    }

    @EJB
    private MaildockGateway gateway;
    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private MailboxService mailboxes;
    @EJB
    private AliasService aliases;

    private static byte[] message(String subject) {
        return ("From: carol@gateway.test\r\nSubject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private String people(String domain) throws GatewayException {
        domains.create(domain);
        accounts.create("carol@" + domain, "pw-carol", null);
        accounts.create("dave@" + domain, "pw-dave", null);
        return gateway.login("carol@" + domain, "pw-carol", "local:provider-gateway-it");
    }

    @Test
    void aTicketNamesTheAccountAndAForgedOneIsRefused() throws GatewayException {
        String ticket = people("gw-tickets.test");
        assertEquals("carol@gw-tickets.test", gateway.account(ticket));
        String forged = ticket.substring(0, ticket.indexOf('.')) + ".AAAA";
        assertEquals(GatewayException.Reason.TICKET_INVALID,
                assertThrows(GatewayException.class, () -> gateway.folders(forged)).reason());
        String other = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("dave@gw-tickets.test".getBytes(StandardCharsets.UTF_8)) + ticket.substring(ticket.indexOf('.'));
        assertThrows(GatewayException.class, () -> gateway.folders(other), "carol's MAC does not make dave's ticket");
        assertEquals(GatewayException.Reason.AUTHENTICATION_FAILED, assertThrows(GatewayException.class,
                () -> gateway.login("carol@gw-tickets.test", "wrong", "local:provider-gateway-it")).reason());
    }

    @Test
    void sendPartialDeliversToTheValidAndNamesTheInvalid() throws GatewayException {
        String ticket = people("gw-partial.test");
        List<String> to = List.of("dave@gw-partial.test", "nobody@gw-partial.test");
        GatewayException refused = assertThrows(GatewayException.class,
                () -> gateway.send(ticket, "carol@gw-partial.test", to, message("all or nothing"), false, false));
        assertEquals(GatewayException.Reason.RECIPIENTS_REFUSED, refused.reason());
        assertEquals(List.of("dave@gw-partial.test"), refused.valid());
        assertEquals(List.of("nobody@gw-partial.test"), refused.invalid());

        SendReceipt receipt = gateway.send(ticket, "carol@gw-partial.test", to, message("partial"), false, true);
        assertEquals(List.of("dave@gw-partial.test"), receipt.delivered());
        assertEquals(List.of("nobody@gw-partial.test"), receipt.invalid());
        String daves = gateway.login("dave@gw-partial.test", "pw-dave", "local:provider-gateway-it");
        assertEquals(1, gateway.messages(daves, "INBOX").size(), "only the partial send arrived");
    }

    /**
     * A full local mailbox refuses the whole submission, with or without sendpartial, and is named
     * among the valid (unsent) addresses, as SMTPTransport files a 452 RCPT; an alias with one full
     * and one roomy account delivers to the roomy one only.
     */
    @Test
    void aFullMailboxRefusesTheSubmissionAndAnAliasDeliversToTheAccountsWithRoom() throws Exception {
        String ticket = people("gw-quota.test");
        aliases.create("team@gw-quota.test", List.of("carol@gw-quota.test", "dave@gw-quota.test"));
        String daves = gateway.login("dave@gw-quota.test", "pw-dave", "local:provider-gateway-it");
        gateway.send(ticket, "carol@gw-quota.test", List.of("dave@gw-quota.test"), message("fill"), false, false);
        accounts.setQuota("dave@gw-quota.test", mailboxes.usage("dave@gw-quota.test"));

        for (boolean partial : new boolean[] {false, true}) {
            GatewayException refused = assertThrows(GatewayException.class, () -> gateway.send(ticket,
                    "carol@gw-quota.test", List.of("dave@gw-quota.test", "carol@gw-quota.test"), message("full"), false,
                    partial));
            assertEquals(GatewayException.Reason.RECIPIENTS_REFUSED, refused.reason());
            assertTrue(refused.getMessage().contains("mailbox full: dave@gw-quota.test"), refused.getMessage());
            assertEquals(Set.of("dave@gw-quota.test", "carol@gw-quota.test"), Set.copyOf(refused.valid()));
            assertEquals(List.of(), refused.invalid());
        }
        assertEquals(1, gateway.messages(daves, "INBOX").size(), "nothing more reached dave");

        SendReceipt viaAlias = gateway.send(ticket, "carol@gw-quota.test", List.of("team@gw-quota.test"),
                message("alias"), false, false);
        assertEquals(List.of("team@gw-quota.test"), viaAlias.delivered());
        assertEquals(1, gateway.messages(daves, "INBOX").size(), "the full account is skipped");
        assertEquals(1, gateway.messages(ticket, "INBOX").size(), "the account with room got it");

        accounts.setQuota("dave@gw-quota.test", 0);
        gateway.send(ticket, "carol@gw-quota.test", List.of("dave@gw-quota.test"), message("again"), false, false);
        assertEquals(2, gateway.messages(daves, "INBOX").size(), "no quota, delivered again");
    }

    /**
     * Concurrent sends are committed in groups: every caller still gets its own receipt, with the
     * UID of its own copy in Sent, and every copy and delivery is there.
     */
    @Test
    void concurrentSendsWithSentCopiesEachGetTheirOwnReceipt() throws Exception {
        String carol = people("gw-group.test");
        String dave = gateway.login("dave@gw-group.test", "pw-dave", "local:provider-gateway-it");
        int perSender = 12;
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<SendReceipt>> sends = new ArrayList<>();
        try {
            for (int i = 0; i < perSender; i++) {
                int n = i;
                sends.add(threads.submit(() -> gateway.send(carol, "carol@gw-group.test", List.of("dave@gw-group.test"),
                        message("from carol " + n), true, false)));
                sends.add(threads.submit(() -> gateway.send(dave, "dave@gw-group.test", List.of("carol@gw-group.test"),
                        message("from dave " + n), true, false)));
            }
            Set<Long> carolsSent = new HashSet<>();
            Set<Long> davesSent = new HashSet<>();
            for (int i = 0; i < sends.size(); i++) {
                SendReceipt receipt = sends.get(i).get();
                assertEquals(1, receipt.delivered().size());
                assertTrue((i % 2 == 0 ? carolsSent : davesSent).add(receipt.sentUid()), "a Sent UID of its own");
            }
            assertEquals(carolsSent, Set.copyOf(gateway.messages(carol, "Sent").stream().map(MessageInfo::uid).toList()));
            assertEquals(davesSent, Set.copyOf(gateway.messages(dave, "Sent").stream().map(MessageInfo::uid).toList()));
            assertEquals(perSender, gateway.messages(carol, "INBOX").size());
            assertEquals(perSender, gateway.messages(dave, "INBOX").size());
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void aDisabledAccountCannotSendOnAnOpenConnection() throws GatewayException {
        String ticket = people("gw-disabled.test");
        accounts.setEnabled("carol@gw-disabled.test", false);
        assertEquals(GatewayException.Reason.AUTHENTICATION_FAILED, assertThrows(GatewayException.class,
                () -> gateway.send(ticket, "carol@gw-disabled.test", List.of("dave@gw-disabled.test"), message("x"), false,
                        false)).reason());
    }

    @Test
    void appendedFlagsAreKeptAndSearchedInTheDatabase() throws GatewayException {
        String ticket = people("gw-flags.test");
        long seen = gateway.append(ticket, "Drafts", message("draft one"), Set.of(Flag.DRAFT, Flag.FLAGGED));
        gateway.append(ticket, "Drafts", message("draft two"), Set.of());
        MessageInfo first = gateway.messages(ticket, "Drafts").get(0);
        assertEquals(seen, first.uid());
        assertEquals(Set.of(Flag.DRAFT, Flag.FLAGGED), first.flags());
        SearchCriteria flagged = new SearchCriteria(null, null, null, null, Set.of(Flag.FLAGGED), null, null, null,
                null, null);
        assertEquals(List.of(seen), gateway.search(ticket, "Drafts", flagged));
        assertEquals(GatewayException.Reason.NO_SUCH_FOLDER,
                assertThrows(GatewayException.class, () -> gateway.messages(ticket, "Nowhere")).reason());
        assertTrue(gateway.folders(ticket).stream().anyMatch(f -> f.name().equals("Drafts") && f.messages() == 2));
    }
}
