package dev.maildock.web.security;

/** Role names used in web.xml constraints and by the identity stores. */
public final class Roles {

    /** The built-in {@code admin} user: admin API and admin pages, no mailbox. */
    public static final String ADMIN = "admin";
    /** A mailbox owner signed in to the webmail. */
    public static final String USER = "user";

    private Roles() {
    }
}
