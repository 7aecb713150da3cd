package dev.maildock.ejb.config;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The server variables the platform reads (DESIGN.md section 5), bound by server.xml as JNDI
 * entries so that -D, environment and configDropins overrides all reach them.
 */
@ApplicationScoped
public class MaildockConfig {

    @Resource(lookup = "maildock/hostname")
    private String configuredHostname;

    @Resource(lookup = "maildock/domains")
    private String configuredDomains;

    @Resource(lookup = "maildock/adminPassword")
    private String configuredAdminPassword;

    private String hostname;

    @PostConstruct
    void init() {
        hostname = configuredHostname == null || configuredHostname.isBlank() ? machineName() : configuredHostname.trim();
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

    /** Local domains named by maildock.domains (comma list); they exist after start. */
    public List<String> domains() {
        if (configuredDomains == null || configuredDomains.isBlank()) {
            return List.of();
        }
        return Arrays.stream(configuredDomains.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The admin password set by maildock.admin.password, or empty when one is to be generated. */
    public String adminPassword() {
        return configuredAdminPassword == null ? "" : configuredAdminPassword;
    }
}
