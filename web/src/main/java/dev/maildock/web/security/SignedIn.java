package dev.maildock.web.security;

import java.io.Serializable;
import java.util.Set;

/**
 * Who is signed in to this HTTP session, as the form login found it.
 *
 * @param stamp for a mailbox account, {@code AccountService.sessionStamp} at sign-in: the session
 *              ends when it no longer matches (account disabled, deleted or password reset);
 *              null for the built-in admin
 */
record SignedIn(String caller, Set<String> groups, String stamp) implements Serializable {

    static final String SESSION_ATTRIBUTE = SignedIn.class.getName();
}
