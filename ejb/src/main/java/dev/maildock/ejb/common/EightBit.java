package dev.maildock.ejb.common;

import java.io.IOException;
import java.io.InputStream;

/** Octets above 127: what decides whether mail needs 8BITMIME (RFC 6152) to travel as it is. */
public final class EightBit {

    private EightBit() {
    }

    /** Whether the stream (closed here) has an octet above 127; reads it in blocks. */
    public static boolean in(InputStream raw) throws IOException {
        try (InputStream in = raw) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] < 0) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
