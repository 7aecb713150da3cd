package dev.maildock.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders the end-to-end helpers make for themselves (sink spools, browser profiles, a second node). */
final class Folders {

    private Folders() {
    }

    /** Deletes a folder with everything in it, deepest first; a folder that is not there is left so. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
