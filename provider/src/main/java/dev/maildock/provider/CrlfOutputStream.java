package dev.maildock.provider;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes every line end as CRLF: a bare LF or a bare CR becomes CRLF. Maildock stores messages in
 * their SMTP form, and a body an application set with "\n" line ends would otherwise be stored
 * with bare LFs (SMTP clients convert the same way on the wire).
 */
final class CrlfOutputStream extends FilterOutputStream {

    private int last = -1;

    CrlfOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\r') {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (b == '\n') {
            if (last != '\r') {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        } else {
            out.write(b);
        }
        last = b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '\r' || c == '\n') {
                out.write(b, start, i - start);
                write(c);
                start = i + 1;
            } else {
                last = c;
            }
        }
        out.write(b, start, end - start);
    }
}
