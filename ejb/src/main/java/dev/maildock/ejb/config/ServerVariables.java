package dev.maildock.ejb.config;

import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;

/**
 * Reads the server variables that server.xml binds as {@code <jndiEntry value="=${variable}"/>}.
 * <p>
 * Liberty parses a jndiEntry's value as a Java literal: "01234567" became the Integer 342391,
 * "5d" the Double 5.0, and a quoted value had its backslashes taken as escapes (in "CORP\relay" the
 * "\r" became a carriage return; "C:\x" kept its quotes, being no valid literal). No literal starts
 * with "=", so server.xml writes that in front of every value and Liberty binds the text as
 * written; this removes it again.
 */
public final class ServerVariables {

    static final String PREFIX = "=";

    private ServerVariables() {
    }

    /** The variable's text; "" when it is empty or not bound (Liberty binds no entry for an empty value). */
    public static String read(InitialContext jndi, String jndiName) throws NamingException {
        try {
            return text(jndi.lookup(jndiName));
        } catch (NameNotFoundException e) {
            return "";
        }
    }

    /** A bound value as its text: the prefix removed; a value bound without it as Liberty parsed it. */
    static String text(Object bound) {
        if (bound == null) {
            return "";
        }
        String value = bound.toString();
        return bound instanceof String && value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : value;
    }
}
