package dev.maildock.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One attachment of a message, always as a download: {@code application/octet-stream} with
 * {@code Content-Disposition: attachment} and nosniff, so an HTML or SVG "attachment" is never
 * rendered in this origin. The file name is given twice: an ASCII fallback with anything risky
 * replaced, and the exact name in RFC 6266/5987 form; neither can break out of the header.
 */
@WebServlet("/mail/attachment")
public class AttachmentServlet extends HttpServlet {

    @Inject
    private StoredMessages stored;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ParsedMessage> message = stored.parsed(request.getUserPrincipal().getName(),
                request.getParameter("folder"), MessageBodyServlet.number(request.getParameter("uid")));
        int index = (int) MessageBodyServlet.number(request.getParameter("part"));
        byte[] bytes = message.map(m -> m.attachmentBytes(index)).orElse(null);
        if (bytes == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String name = message.get().attachments().get(index - 1).fileName();
        response.setContentType("application/octet-stream");
        response.setHeader("Content-Disposition", contentDisposition(name));
        response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** {@code attachment; filename="ascii"; filename*=UTF-8''exact}, safe for any name. */
    public static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' && c != ';' ? c : '_');
        }
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
