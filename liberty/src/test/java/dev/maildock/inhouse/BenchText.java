package dev.maildock.inhouse;

/** The benchmark's message text: printable ASCII lines of 76 characters plus CRLF, SIZE octets in all. */
public final class BenchText {

    private BenchText() {
    }

    public static String of(int size) {
        StringBuilder text = new StringBuilder(size);
        String line = "The quick brown fox jumps over the lazy dog, 0123456789 abcdefghijklmnopqrst\r\n";
        while (text.length() + line.length() <= size) {
            text.append(line);
        }
        while (text.length() < size - 2) {
            text.append('x');
        }
        return text.append("\r\n").toString();
    }
}
