package dev.maildock.ejb.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The server variables the platform reads (docs/architecture.md section 8), bound by server.xml as JNDI
 * entries so that -D, environment and configDropins overrides all reach them. Liberty binds no
 * entry for an empty value, so a missing entry means "not set".
 */
@ApplicationScoped
public class MaildockConfig {

    private String hostname;
    private String node;
    private List<String> domains;
    private String adminPassword;
    private String dataSourceName;
    private long maxMessageSize;
    private volatile DataSource dataSource;

    /** RFC 5321's minimum is 64 KiB; Maildock's default (maildock.maxMessageSize) is 25 MiB. */
    static final long DEFAULT_MAX_MESSAGE_SIZE = 25L * 1024 * 1024;

    @PostConstruct
    void init() {
        try {
            InitialContext jndi = new InitialContext();
            String configuredHostname = ServerVariables.read(jndi, "maildock/hostname");
            hostname = configuredHostname.isBlank() ? machineName() : configuredHostname.trim();
            String configuredNode = ServerVariables.read(jndi, "maildock/node");
            // Machine and server together: servers on other machines keep the default server name
            // "maildock", and maildock.hostname is often one MX name for all of them.
            String server = ServerVariables.read(jndi, "maildock/serverName").trim();
            node = configuredNode.isBlank()
                    ? localHostName() + "/" + (server.isEmpty() ? "maildock" : server)
                    : configuredNode.trim();
            domains = Arrays.stream(ServerVariables.read(jndi, "maildock/domains").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            adminPassword = ServerVariables.read(jndi, "maildock/adminPassword");
            String ds = ServerVariables.read(jndi, "maildock/dataSource");
            dataSourceName = ds.isBlank() ? "jdbc/maildock-derby" : ds;
            maxMessageSize = positiveLong(ServerVariables.read(jndi, "maildock/maxMessageSize"), DEFAULT_MAX_MESSAGE_SIZE);
        } catch (NamingException e) {
            throw new IllegalStateException("Maildock's configuration entries cannot be read", e);
        }
    }

    private static long positiveLong(String value, long fallback) {
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed > 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** This machine's own name, without the reverse look-up of {@link #machineName}. */
    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The name the server greets with and writes in trace headers. */
    public String hostname() {
        return hostname;
    }

    /**
     * This server's name among several sharing one database (maildock.node, by default the
     * machine's name and the Liberty server name, {@code host/server}): marks its queue claims and
     * POP3 maildrop locks, which it frees when it starts again. Stable across restarts on one
     * machine; each server sharing a database needs its own.
     */
    public String node() {
        return node;
    }

    /** Local domains named by maildock.domains (comma list); they exist after start. */
    public List<String> domains() {
        return domains;
    }

    /** JNDI name of the mail store's JTA data source (the one JPA uses), for streaming BLOB access. */
    public String dataSourceName() {
        return dataSourceName;
    }

    /** The data source named by {@link #dataSourceName()}, for what goes past JPA; looked up once. */
    public DataSource dataSource() {
        DataSource found = dataSource;
        if (found == null) {
            try {
                found = (DataSource) new InitialContext().lookup(dataSourceName);
            } catch (NamingException e) {
                throw new IllegalStateException("The data source " + dataSourceName + " cannot be found", e);
            }
            dataSource = found;
        }
        return found;
    }

    /** The largest message accepted, in octets, on every path (SMTP announces it as SIZE). */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** The admin password set by maildock.admin.password, or empty when one is to be generated. */
    public String adminPassword() {
        return adminPassword;
    }
}
