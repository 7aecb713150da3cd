package dev.maildock.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses a path with an encoded "/", ".", "\" or "#" (%2F, %2E, %5C, %23) with a plain 400: such a
 * path only serves to slip a separator or a "../" past a check. Liberty refuses the same paths itself,
 * but writes a stack trace (SRVE0315E) for each, so a crafted URL a second filled the log; server.xml
 * turns its check off ({@code skipEncodedCharVerification}) and this filter answers instead.
 */
@WebFilter(urlPatterns = "/*")
public class EncodedPathFilter extends HttpFilter {

    private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2f|2e|5c|23)");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // getRequestURI is the path as sent, not decoded.
        if (ENCODED_SEPARATOR.matcher(request.getRequestURI().toLowerCase(Locale.ROOT)).find()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Bad request: encoded separator in the path\n");
            return;
        }
        chain.doFilter(request, response);
    }
}
