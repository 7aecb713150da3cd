package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A set of UIDs as ascending, disjoint, non-adjacent inclusive ranges: {@code bounds} holds
 * first/last pairs. Compact for the sets IMAP clients send ({@code 1:*}, {@code 4,7:9}), so the
 * session never expands a range into one element per message before the platform is asked.
 */
public record UidSet(long[] bounds) implements Serializable {

    public UidSet {
        if (bounds.length % 2 != 0) {
            throw new IllegalArgumentException("UID ranges come in first/last pairs");
        }
        for (int i = 0; i < bounds.length; i += 2) {
            if (bounds[i] < 1 || bounds[i] > bounds[i + 1] || (i > 0 && bounds[i] <= bounds[i - 1] + 1)) {
                throw new IllegalArgumentException("UID ranges must be ascending, disjoint and not adjacent");
            }
        }
        bounds = bounds.clone();
    }

    public static UidSet range(long first, long last) {
        return new UidSet(new long[] {first, last});
    }

    public boolean contains(long uid) {
        int at = Arrays.binarySearch(bounds, uid);
        return at >= 0 || (-at - 1) % 2 == 1;
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }
}
