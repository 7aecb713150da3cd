package dev.maildock.rar;

/**
 * Where a fuzz test cuts a stream into reads, so that it can check a decoder gives the same
 * whatever the reads: eight piece lengths from 1 to 16 octets taken from the fuzzer's seed, used
 * round robin.
 */
public final class StreamCuts {

    private final int[] lengths;

    private StreamCuts(int[] lengths) {
        this.lengths = lengths;
    }

    /** The whole stream in one read. */
    public static StreamCuts none() {
        return new StreamCuts(new int[] {Integer.MAX_VALUE});
    }

    public static StreamCuts of(int seed) {
        int[] lengths = new int[8];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 1 + ((seed >>> (i * 4)) & 15);
        }
        return new StreamCuts(lengths);
    }

    /** The length of read number {@code read}, with {@code remaining} octets left. */
    public int length(int read, int remaining) {
        return Math.min(remaining, lengths[read % lengths.length]);
    }
}
