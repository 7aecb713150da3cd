package dev.maildock.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A tree of Maildir folders as a mail client on this machine sees it (mbsync's near side with
 * {@code SubFolders Verbatim}: folder {@code a/b} is {@code root/a/b}, each with cur, new and tmp).
 * Messages are found by their Subject header, flags are the letters after {@code :2,} in a
 * file's name (maildir(5): D draft, F flagged, R replied, S seen, T trashed).
 */
final class Maildir {

    private static final String INFO = ":2,";

    private final Path root;

    Maildir(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Every folder (a directory with a cur directory), by its name relative to the root, '/' between levels. */
    Map<String, Path> folders() throws IOException {
        Map<String, Path> folders = new TreeMap<>();
        try (Stream<Path> dirs = Files.walk(root)) {
            dirs.filter(d -> Files.isDirectory(d.resolve("cur")))
                    .forEach(d -> folders.put(root.relativize(d).toString(), d));
        }
        return folders;
    }

    /** The message files of a folder (cur and new), by Subject. */
    Map<String, Path> messages(String folder) throws IOException {
        Map<String, Path> messages = new TreeMap<>();
        for (String sub : new String[] {"cur", "new"}) {
            try (Stream<Path> files = Files.list(root.resolve(folder).resolve(sub))) {
                for (Path file : files.toList()) {
                    messages.put(subject(Files.readAllBytes(file)), file);
                }
            }
        }
        return messages;
    }

    /** The flag letters of a message file, sorted; empty for a file without info. */
    static String flags(Path file) {
        String name = file.getFileName().toString();
        int info = name.indexOf(INFO);
        return info < 0 ? "" : name.substring(info + INFO.length());
    }

    /** What a Maildir mail reader does when a message is read: into cur, with S among its flags. */
    static void markSeen(Path file) throws IOException {
        String name = file.getFileName().toString();
        int info = name.indexOf(INFO);
        String base = info < 0 ? name : name.substring(0, info);
        String flags = (flags(file) + "S").chars().sorted().distinct()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        Files.move(file, file.getParent().resolveSibling("cur").resolve(base + INFO + flags));
    }

    /**
     * Delivers a message as a local program would: written to tmp, then renamed into new (maildir(5)),
     * creating the folder if it is not there. The message is written as given (a Maildir holds LF lines).
     */
    void add(String folder, String uniqueName, byte[] message) throws IOException {
        Path dir = root.resolve(folder);
        for (String sub : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path tmp = Files.write(dir.resolve("tmp").resolve(uniqueName), message);
        Files.move(tmp, dir.resolve("new").resolve(uniqueName));
    }

    /** The text of the message's first Subject header line. */
    static String subject(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1).lines()
                .takeWhile(line -> !line.isEmpty())
                .filter(line -> line.startsWith("Subject: "))
                .map(line -> line.substring("Subject: ".length()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Subject in a message"));
    }
}
