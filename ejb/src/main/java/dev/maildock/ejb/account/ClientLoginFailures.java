package dev.maildock.ejb.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Failed logins from one client address, whatever the account names, for the lockout every protocol shares. */
@Entity
@Table(name = "MD_CLIENT_LOGIN_FAILURES")
public class ClientLoginFailures extends LoginFailureCount {

    @Id
    @Column(name = "CLIENT_ADDRESS", length = 64)
    private String clientAddress;

    protected ClientLoginFailures() {
    }

    ClientLoginFailures(String clientAddress, Instant now) {
        super(now);
        this.clientAddress = clientAddress;
    }

    String getClientAddress() {
        return clientAddress;
    }
}
