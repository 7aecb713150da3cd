package dev.maildock.provider.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the provider asks of Maildock. Maildock implements it as a local session bean and the
 * provider finds it by its java:global name, so an in-house application in another EAR or WAR
 * calls Maildock's services without seeing a single Maildock class: only this interface and the
 * records next to it, loaded once from the shared library both applications reference.
 *
 * <p>Every method but {@link #login} takes the ticket {@code login} returned: the password is
 * checked once per connect (with the lockout SMTP AUTH and POP3 share), not per call. Every call
 * is its own transaction: when it returns, its effect is committed.
 */
public interface MaildockGateway {

    /** The java:global name of Maildock's implementation (application maildock, module maildock-ejb). */
    String JNDI_NAME = "java:global/maildock/maildock-ejb/ProviderGateway!dev.maildock.provider.spi.MaildockGateway";

    /**
     * Checks a password like SMTP AUTH does.
     *
     * @param client who logs in, for the per-client failed-login counter (e.g. "local:app-name")
     * @return a ticket naming the account for the later calls
     * @throws GatewayException {@link GatewayException.Reason#AUTHENTICATION_FAILED} for a wrong
     *                          password, unknown or disabled account, or a lockout (one answer for all)
     */
    String login(String user, String password, String client) throws GatewayException;

    /** The account a ticket names. */
    String account(String ticket) throws GatewayException;

    /**
     * Submits one message through the same path as SMTP AUTH submission: sender policy, trace
     * header, local delivery, outbound queue, Sent copy.
     *
     * @param message     RFC 5322 bytes with CRLF line ends
     * @param sendPartial deliver to the valid recipients even when some are invalid
     * @throws GatewayException RECIPIENTS_REFUSED (with the lists) or SENDER_NOT_OWNED
     */
    SendReceipt send(String ticket, String reversePath, List<String> recipients, byte[] message, boolean saveSent,
                     boolean sendPartial) throws GatewayException;

    /** "recipient status" lines of one queued message the ticket's account submitted. */
    List<String> queueStatus(String ticket, long queueId) throws GatewayException;

    List<FolderInfo> folders(String ticket) throws GatewayException;

    FolderInfo createFolder(String ticket, String name) throws GatewayException;

    void renameFolder(String ticket, String from, String to) throws GatewayException;

    void deleteFolder(String ticket, String name) throws GatewayException;

    /** The folder's messages in ascending UID order. */
    List<MessageInfo> messages(String ticket, String folder) throws GatewayException;

    /** The stored bytes of one message, exactly as delivered. */
    byte[] content(String ticket, String folder, long uid) throws GatewayException;

    /** Sets or clears flags; returns how many of the UIDs were found. */
    int setFlags(String ticket, String folder, List<Long> uids, Set<Flag> flags, boolean value)
            throws GatewayException;

    /** Files a message; returns its UID. */
    long append(String ticket, String folder, byte[] message, Set<Flag> flags) throws GatewayException;

    /** Old UID → new UID. */
    Map<Long, Long> copy(String ticket, String from, List<Long> uids, String to) throws GatewayException;

    /** Old UID → new UID; the originals are gone from {@code from}. */
    Map<Long, Long> move(String ticket, String from, List<Long> uids, String to) throws GatewayException;

    /** Removes the messages flagged DELETED; returns their UIDs. */
    List<Long> expunge(String ticket, String folder) throws GatewayException;

    /** UIDs matching every given part of {@code criteria}, ascending. */
    List<Long> search(String ticket, String folder, SearchCriteria criteria) throws GatewayException;
}
