package dev.maildock.web.security;

import java.io.Serializable;
import java.util.Set;

/** Who is signed in to this HTTP session, as the form login found it. */
record SignedIn(String caller, Set<String> groups) implements Serializable {

    static final String SESSION_ATTRIBUTE = SignedIn.class.getName();
}
