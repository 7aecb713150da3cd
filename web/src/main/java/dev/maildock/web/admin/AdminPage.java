package dev.maildock.web.admin;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.AccountView;
import dev.maildock.ejb.account.AliasService;
import dev.maildock.ejb.account.AliasView;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.account.DomainView;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.common.MaildockException;
import dev.maildock.ejb.account.LoginLockView;
import dev.maildock.ejb.account.LoginLocks;
import dev.maildock.ejb.delivery.QueueAdmin;
import dev.maildock.ejb.delivery.QueueEntryView;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.web.ui.Ui;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The admin page (admin/index.xhtml, role admin): domains, accounts (create, password reset,
 * enable/disable, quota, delete), aliases, the login lockout's locks (lift) and the outbound queue (through {@link QueueAdmin}, as
 * the REST API). Every refusal of a service is shown next to the field it names. Row actions carry
 * the address (or queue entry id) in a hidden parameter.
 */
@Named("admin")
@RequestScoped
public class AdminPage {

    private static final long MIB = 1024L * 1024;

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private AliasService aliases;
    @EJB
    private QueueAdmin queue;
    @EJB
    private MailboxService mailboxes;
    @EJB
    private LoginLocks locks;

    private String domainName;
    private String address;
    private String displayName;
    private String password;
    private String quotaMib;
    private String aliasAddress;
    private String aliasTargets;
    private String newPassword;
    private String newQuotaMib;
    private List<QueueEntryView> queueEntries;

    public List<DomainView> getDomains() {
        return domains.list();
    }

    public List<AccountView> getAccounts() {
        return accounts.list();
    }

    public List<AliasView> getAliases() {
        return aliases.list();
    }

    /** The login lockout's locks in force now. */
    public List<LoginLockView> getLocks() {
        return locks.current();
    }

    /** The outbound queue, oldest first (read once per request). */
    public List<QueueEntryView> getQueue() {
        if (queueEntries == null) {
            queueEntries = queue.list();
        }
        return queueEntries;
    }

    public String when(Instant instant) {
        return Ui.dateTime(instant);
    }

    public String usage(AccountView a) {
        return Ui.size(mailboxes.usage(a.address()));
    }

    public String quota(AccountView a) {
        return a.quotaBytes() == 0 ? Ui.text("admin.unlimited") : Ui.size(a.quotaBytes());
    }

    public void createDomain() {
        run("domainForm:domainName", () -> domains.create(domainName), "info.domainCreated", domainName);
    }

    public void deleteDomain() {
        String name = Ui.param("domain");
        run(null, () -> domains.delete(name), "info.domainDeleted", name);
    }

    public void createAccount() {
        Long quota = mib("accountForm:quota", quotaMib);
        if (quota == null) {
            return;
        }
        run(fieldOf("accountForm"), () -> {
            accounts.create(address, password, displayName == null || displayName.isBlank() ? null : displayName.strip());
            if (quota > 0) {
                accounts.setQuota(address, quota);
            }
        }, "info.accountCreated", address);
    }

    public void resetPassword() {
        String target = Ui.param("address");
        run(Ui.submittedField("newPassword"), () -> accounts.changePassword(target, newPassword),
                "info.passwordReset", target);
    }

    public void setQuota() {
        String target = Ui.param("address");
        String field = Ui.submittedField("newQuota");
        Long quota = mib(field, newQuotaMib);
        if (quota != null) {
            run(field, () -> accounts.setQuota(target, quota), "info.quotaSet", target);
        }
    }

    public void toggleEnabled() {
        String target = Ui.param("address");
        run(null, () -> accounts.setEnabled(target, !accounts.get(target).enabled()), "info.accountUpdated", target);
    }

    public void deleteAccount() {
        String target = Ui.param("address");
        run(null, () -> accounts.delete(target), "info.accountDeleted", target);
    }

    public void createAlias() {
        List<String> targets = Arrays.stream(aliasTargets == null ? new String[0] : aliasTargets.split("[,\\s]+"))
                .filter(s -> !s.isBlank()).toList();
        run("aliasForm:aliasAddress", () -> aliases.create(aliasAddress, targets), "info.aliasCreated", aliasAddress);
    }

    public void deleteAlias() {
        String target = Ui.param("address");
        run(null, () -> aliases.delete(target), "info.aliasDeleted", target);
    }

    /** Makes the entry's waiting recipients due now. */
    public void retryQueued() {
        long id = Ui.longParam("id", -1);
        run(null, () -> queue.retryNow(id), "info.queueRetried", id);
    }

    /** Removes the entry; with the "dsn" box ticked the sender gets a failure DSN. */
    public void deleteQueued() {
        long id = Ui.longParam("id", -1);
        boolean dsn = !Ui.param("dsn").isEmpty();
        run(null, () -> queue.delete(id, dsn), dsn ? "info.queueDeletedDsn" : "info.queueDeleted", id);
    }

    /** Lifts a login lock: of one name from every address, or of a whole client address. */
    public void liftLock() {
        String account = Ui.param("account");
        String client = Ui.param("client");
        if (account.isEmpty()) {
            run(null, () -> locks.liftClient(client), "info.lockLifted", client);
        } else {
            run(null, () -> locks.liftAccount(account), "info.lockLifted", account);
        }
    }

    /** Runs a service call; on success a note and a redirect, on refusal the service's words next to the field. */
    private void run(String clientId, Runnable call, String infoKey, Object subject) {
        try {
            call.run();
            Ui.info(infoKey, subject);
            Ui.redirect("/admin/index.xhtml", Map.of());
        } catch (InvalidInputException e) {
            Ui.errorText(clientId == null ? null : fieldFor(clientId, e.getField()), e.getMessage());
        } catch (MaildockException e) {
            Ui.errorText(clientId == null ? null : fieldFor(clientId, null), e.getMessage());
        }
    }

    /** The create-account form's fields are named like the service's; other forms have one field. */
    private static String fieldFor(String clientId, String field) {
        if (clientId.endsWith(":")) {
            return clientId + (field == null || List.of("address", "password", "displayName", "quota").indexOf(field) < 0
                    ? "address" : field);
        }
        return clientId;
    }

    private static String fieldOf(String form) {
        return form + ":";
    }

    private static Long mib(String clientId, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return 0L;
        }
        try {
            long value = Long.parseLong(t);
            if (value < 0 || value > 1024L * 1024) {
                throw new NumberFormatException();
            }
            return value * MIB;
        } catch (NumberFormatException e) {
            Ui.error(clientId, "error.quota");
            return null;
        }
    }

    public String getDomainName() { return domainName; }
    public void setDomainName(String v) { domainName = v; }
    public String getAddress() { return address; }
    public void setAddress(String v) { address = v; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String v) { displayName = v; }
    public String getPassword() { return password; }
    public void setPassword(String v) { password = v; }
    public String getQuotaMib() { return quotaMib; }
    public void setQuotaMib(String v) { quotaMib = v; }
    public String getAliasAddress() { return aliasAddress; }
    public void setAliasAddress(String v) { aliasAddress = v; }
    public String getAliasTargets() { return aliasTargets; }
    public void setAliasTargets(String v) { aliasTargets = v; }
    public String getNewPassword() { return newPassword; }
    public void setNewPassword(String v) { newPassword = v; }
    public String getNewQuotaMib() { return newQuotaMib; }
    public void setNewQuotaMib(String v) { newQuotaMib = v; }
}
