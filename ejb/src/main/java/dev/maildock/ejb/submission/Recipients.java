package dev.maildock.ejb.submission;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.AliasService;
import dev.maildock.ejb.account.AliasView;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.account.DomainView;
import dev.maildock.ejb.config.MaildockConfig;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where an address leads: the local accounts it reaches through aliases, or another server. One
 * answer for SMTP, the Jakarta Mail provider and the webmail, so they cannot disagree.
 */
@Stateless
public class Recipients {

    private static final int MAX_ALIAS_DEPTH = 5;

    @EJB
    private DomainService domains;

    @EJB
    private AccountService accounts;

    @EJB
    private AliasService aliases;

    @Inject
    private MaildockConfig config;

    @Inject
    private ResolutionCache cache;

    /** Whether mail for this domain stays here. Address literals ({@code [192.0.2.1]}) never do. */
    public boolean isLocal(String domain) {
        if (domain == null || domain.startsWith("[")) {
            return false;
        }
        String normalized = domain.toLowerCase(Locale.ROOT);
        return cache.isLocal(normalized, () -> domains.isLocal(normalized));
    }

    /** Whether {@code address} is the account itself or an alias whose chain reaches it. */
    public boolean owns(String account, String address) {
        String normalized = address.toLowerCase(Locale.ROOT);
        return normalized.equals(account) || resolve(normalized).contains(account);
    }

    /**
     * The enabled local accounts a local address reaches: itself, or the accounts its alias chain
     * reaches (at most {@value #MAX_ALIAS_DEPTH} hops, loops cut). Empty when it reaches none.
     */
    public Set<String> resolve(String address) {
        String normalized = address.toLowerCase(Locale.ROOT);
        return cache.resolve(normalized, () -> Collections.unmodifiableSet(lookUp(normalized)));
    }

    private Set<String> lookUp(String address) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<Hop> work = new ArrayDeque<>();
        work.add(new Hop(address.toLowerCase(Locale.ROOT), 0));
        while (!work.isEmpty()) {
            Hop next = work.poll();
            String candidate = next.address();
            if (!seen.add(candidate) || next.depth() > MAX_ALIAS_DEPTH) {
                continue;
            }
            if (accounts.acceptsMail(candidate)) {
                found.add(candidate);
                continue;
            }
            // Non-local alias targets are left out: forwarding off the server is not offered.
            List<String> targets = aliases.find(candidate).map(AliasView::targets).orElse(List.of());
            for (String target : targets) {
                work.add(new Hop(target.toLowerCase(Locale.ROOT), next.depth() + 1));
            }
        }
        return found;
    }

    /**
     * Where mail for the bare {@code postmaster} (RFC 5321 section 4.5.1) goes: postmaster@ the
     * first domain of maildock.domains, else of the first local domain. Empty when none exists.
     */
    public Set<String> postmaster() {
        Optional<String> domain = config.domains().stream().findFirst()
                .or(() -> domains.list().stream().map(DomainView::name).findFirst());
        return domain.map(d -> resolve("postmaster@" + d.toLowerCase(Locale.ROOT))).orElse(Set.of());
    }

    private record Hop(String address, int depth) {
    }
}
