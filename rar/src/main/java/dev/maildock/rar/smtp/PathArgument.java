package dev.maildock.rar.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The argument of MAIL FROM: or RCPT TO: (RFC 5321 section 4.1.2): a path and its ESMTP parameters.
 * <p>
 * Leniencies, on purpose: a space after the colon, and a path without angle brackets (clients that
 * follow old RFC 821 examples, seed dialog 001; Postfix accepts both by default). A source route is
 * parsed and dropped (section 3.6.1, appendix C). Addresses must be ASCII because SMTPUTF8 is not
 * offered.
 *
 * @param localPart  the local part as sent, or null for the null path {@code <>}
 * @param domain     the domain or address literal, or null for {@code <>} and a bare local part
 * @param parameters ESMTP parameters, keys in upper case, values as sent (null for a bare keyword)
 */
record PathArgument(String localPart, String domain, Map<String, String> parameters) {

    private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+");
    private static final Pattern QUOTED = Pattern.compile("\"([\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*\"");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    /**
     * RFC 5321 section 4.1.3: an IPv4 literal, or a tagged one ("IPv6:..." or a standardized tag)
     * of dcontent; a bare "[>]" is none of them.
     */
    private static final Pattern ADDRESS_LITERAL = Pattern.compile(
            "\\[([0-9]{1,3}(\\.[0-9]{1,3}){3}|[A-Za-z0-9-]*[A-Za-z0-9]:[\\x21-\\x5a\\x5e-\\x7e]+)\\]");
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*(=[\\x21-\\x3c\\x3e-\\x7e]+)?");

    boolean isNullPath() {
        return localPart == null;
    }

    /**
     * Parses what follows the verb.
     *
     * @param keyword "FROM" or "TO"
     */
    static PathArgument parse(String argument, String keyword) throws PathSyntaxException {
        if (argument.length() < keyword.length() + 1
                || !argument.regionMatches(true, 0, keyword + ":", 0, keyword.length() + 1)) {
            throw new PathSyntaxException("missing " + keyword + ":");
        }
        String rest = stripLeadingSpaces(argument.substring(keyword.length() + 1));
        String path;
        String params;
        if (rest.startsWith("<")) {
            int close = closingBracket(rest);
            path = rest.substring(1, close);
            params = rest.substring(close + 1);
            if (!params.isEmpty() && params.charAt(0) != ' ') {
                throw new PathSyntaxException("junk after path");
            }
        } else {
            int space = rest.indexOf(' ');
            path = space < 0 ? rest : rest.substring(0, space);
            params = space < 0 ? "" : rest.substring(space);
            if (path.isEmpty()) {
                throw new PathSyntaxException("empty path");
            }
        }
        Map<String, String> parameters = parameters(params);
        if (path.isEmpty()) {
            return new PathArgument(null, null, parameters);
        }
        String mailbox = dropSourceRoute(path);
        int at = lastAtOutsideQuotes(mailbox);
        String local = at < 0 ? mailbox : mailbox.substring(0, at);
        String domain = at < 0 ? null : mailbox.substring(at + 1);
        checkLocalPart(local);
        if (domain != null) {
            checkDomain(domain);
        }
        return new PathArgument(local, domain, parameters);
    }

    private static String stripLeadingSpaces(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return s.substring(i);
    }

    private static int closingBracket(String s) throws PathSyntaxException {
        boolean quoted = false;
        boolean literal = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"' && !literal) {
                quoted = !quoted;
            } else if (!quoted && (c == '[' || c == ']')) {
                // A general address literal may hold a ">" (dcontent, RFC 5321 section 4.1.3).
                literal = c == '[';
            } else if (c == '>' && !quoted && !literal) {
                return i;
            }
        }
        throw new PathSyntaxException("missing >");
    }

    /** {@code @a,@b:user@dom} becomes {@code user@dom}; each route hop must be a domain. */
    private static String dropSourceRoute(String path) throws PathSyntaxException {
        if (!path.startsWith("@")) {
            return path;
        }
        int colon = path.indexOf(':');
        if (colon < 0) {
            throw new PathSyntaxException("source route without ':'");
        }
        for (String hop : path.substring(0, colon).split(",", -1)) {
            if (!hop.startsWith("@")) {
                throw new PathSyntaxException("bad source route");
            }
            checkDomain(hop.substring(1));
        }
        return path.substring(colon + 1);
    }

    private static int lastAtOutsideQuotes(String s) {
        boolean quoted = false;
        int at = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '@' && !quoted) {
                at = i;
            }
        }
        return at;
    }

    private static void checkLocalPart(String local) throws PathSyntaxException {
        if (local.isEmpty() || local.length() > 64) {
            throw new PathSyntaxException("bad local part length");
        }
        if (local.startsWith("\"")) {
            if (!QUOTED.matcher(local).matches()) {
                throw new PathSyntaxException("bad quoted local part");
            }
            return;
        }
        for (String atom : local.split("\\.", -1)) {
            if (!ATOM.matcher(atom).matches()) {
                throw new PathSyntaxException("bad local part");
            }
        }
    }

    private static void checkDomain(String domain) throws PathSyntaxException {
        if (domain.isEmpty() || domain.length() > 255) {
            throw new PathSyntaxException("bad domain length");
        }
        if (domain.startsWith("[")) {
            if (!ADDRESS_LITERAL.matcher(domain).matches()) {
                throw new PathSyntaxException("bad address literal");
            }
            return;
        }
        for (String label : domain.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new PathSyntaxException("bad domain");
            }
        }
    }

    private static Map<String, String> parameters(String text) throws PathSyntaxException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String token : text.trim().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!PARAMETER.matcher(token).matches()) {
                throw new PathSyntaxException("bad parameter");
            }
            int eq = token.indexOf('=');
            String key = (eq < 0 ? token : token.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (out.containsKey(key)) {
                throw new PathSyntaxException("repeated parameter");
            }
            out.put(key, eq < 0 ? null : token.substring(eq + 1));
        }
        return out;
    }
}
