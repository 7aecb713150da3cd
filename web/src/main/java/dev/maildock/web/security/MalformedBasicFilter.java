package dev.maildock.web.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The 401 challenge for a request that {@link MaildockAuthenticationMechanism} found with a
 * malformed {@code Authorization: Basic} header and let go on unauthenticated (why not answered
 * there: {@code MaildockAuthenticationMechanism.passOnMalformed}). On an open path the request
 * itself arrives here; on a protected one authorization has refused it, and it arrives as the
 * dispatch to the 403 error page (web.xml). Either way the page is not served: a challenge with
 * an empty body.
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class MalformedBasicFilter extends HttpFilter {

    /** The request attribute the mechanism sets on such a request. */
    static final String MARK = MalformedBasicFilter.class.getName();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(MARK) == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", MaildockAuthenticationMechanism.CHALLENGE);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }
}
