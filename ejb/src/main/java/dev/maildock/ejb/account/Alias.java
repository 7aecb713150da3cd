package dev.maildock.ejb.account;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.util.ArrayList;
import java.util.List;

/** An address in a local domain whose mail goes to other addresses. */
@Entity
@Table(name = "MD_ALIAS")
@NamedQuery(name = Alias.BY_ADDRESS, query = "SELECT a FROM Alias a WHERE a.address = :address")
@NamedQuery(name = Alias.ALL, query = "SELECT a FROM Alias a ORDER BY a.address")
@NamedQuery(name = Alias.COUNT_IN_DOMAIN, query = "SELECT COUNT(a) FROM Alias a WHERE a.domain = :domain")
@NamedQuery(name = Alias.ALL_TARGETS, query = "SELECT a.address, t FROM Alias a JOIN a.targets t ORDER BY a.address, INDEX(t)")
public class Alias {

    static final String BY_ADDRESS = "Alias.byAddress";
    static final String ALL = "Alias.all";
    static final String COUNT_IN_DOMAIN = "Alias.countInDomain";
    /** (address, target) of every alias in one query, not one per alias for its target list. */
    static final String ALL_TARGETS = "Alias.allTargets";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 320)
    private String address;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "DOMAIN_ID")
    private Domain domain;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "MD_ALIAS_TARGET", joinColumns = @JoinColumn(name = "ALIAS_ID"))
    @OrderColumn(name = "POSITION")
    @Column(name = "TARGET", nullable = false, length = 320)
    private List<String> targets = new ArrayList<>();

    protected Alias() {
    }

    Alias(String address, Domain domain, List<String> targets) {
        this.address = address;
        this.domain = domain;
        this.targets = new ArrayList<>(targets);
    }

    public String getAddress() {
        return address;
    }

    public List<String> getTargets() {
        return List.copyOf(targets);
    }
}
