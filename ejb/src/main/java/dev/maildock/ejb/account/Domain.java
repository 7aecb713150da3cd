package dev.maildock.ejb.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A mail domain this server is the final destination for. Names are stored in lower case. */
@Entity
@Table(name = "MD_DOMAIN")
@NamedQuery(name = Domain.BY_NAME, query = "SELECT d FROM Domain d WHERE d.name = :name")
@NamedQuery(name = Domain.ALL, query = "SELECT d FROM Domain d ORDER BY d.name")
@NamedQuery(name = Domain.COUNT, query = "SELECT COUNT(d) FROM Domain d")
public class Domain {

    static final String BY_NAME = "Domain.byName";
    static final String ALL = "Domain.all";
    public static final String COUNT = "Domain.count";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 253)
    private String name;

    @Column(nullable = false)
    private Instant created;

    protected Domain() {
    }

    Domain(String name, Instant created) {
        this.name = name;
        this.created = created;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Instant getCreated() {
        return created;
    }
}
