package dev.maildock.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The HTML part of a message, sanitized on the server, for the read page's
 * {@code <iframe sandbox>}. Its own policy is stricter than the pages': no script at all, no
 * plugins, no forms, framing only by this origin, styles inline only, and images only when the
 * reader asked for them (then http/https, never this origin's own URLs with the session). The CSP
 * {@code sandbox} directive repeats the iframe's sandbox for someone opening the URL directly.
 */
@WebServlet("/mail/body")
public class MessageBodyServlet extends HttpServlet {

    @Inject
    private StoredMessages stored;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean images = "1".equals(request.getParameter("images"));
        Optional<ParsedMessage> message = stored.parsed(request.getUserPrincipal().getName(),
                request.getParameter("folder"), number(request.getParameter("uid")));
        if (message.isEmpty() || message.get().html() == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String safe = HtmlSanitizer.sanitize(message.get().html(), images).html();
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src "
                + (images ? "http: https: data:" : "data:") + "; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; "
                + "sandbox allow-popups allow-popups-to-escape-sandbox");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setContentType("text/html;charset=UTF-8");
        byte[] body = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><base target=\"_blank\">"
                + "<style>body{font-family:sans-serif;margin:8px;overflow-wrap:anywhere}img{max-width:100%}</style>"
                + "</head><body>" + safe + "</body></html>").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static long number(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
