package dev.maildock.ejb;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every log message id ({@code MAILDOCKnnnnX}) belongs to one log call of the whole repository and
 * has its row in {@code docs/log-messages.md}, so an operator's search or alert on an id finds one
 * situation and its explanation. Call sites are found by scanning the main sources of every
 * module, not from a list, so classes that are added, split or renamed are covered as they are.
 */
class LogMessageIdsTest {

    private static final Pattern ID = Pattern.compile("MAILDOCK\\d{4}[A-Z]");
    /** A row of the doc's table: its first cell is the id. */
    private static final Pattern DOC_ROW = Pattern.compile("^\\|\\s*(MAILDOCK\\d{4}[A-Z])\\s*\\|", Pattern.MULTILINE);
    /** Directories with no sources of ours besides hidden ones (.git, IDE settings): build output. */
    private static final Set<String> SKIPPED = Set.of("target", "node_modules");
    /** Text that may name an id: sources, tests, docs, scripts. */
    private static final Pattern TEXT = Pattern.compile(".*\\.(java|md|sh|py|xml|xhtml|properties|txt)");
    private static final Path DOC = Path.of("docs", "log-messages.md");

    private static Path root;
    /** id -> "path:line" of each log call that uses it (main sources). */
    private static final Map<String, List<String>> callSites = new TreeMap<>();
    /** id -> "path:line" of each other mention (tests, docs, scripts). */
    private static final Map<String, List<String>> mentions = new TreeMap<>();

    @BeforeAll
    static void scan() throws IOException {
        root = projectRoot();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName().toString();
                return !dir.equals(root) && (name.startsWith(".") || SKIPPED.contains(name))
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path relative = root.relativize(file);
                if (TEXT.matcher(file.getFileName().toString()).matches() && !relative.equals(DOC)) {
                    read(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void read(Path relative) throws IOException {
        String path = relative.toString().replace('\\', '/');
        boolean logCall = path.endsWith(".java") && path.contains("/src/main/java/");
        // Ids are ASCII: a byte-per-char reading finds them in any file whatever its encoding.
        List<String> lines = Files.readAllLines(root.resolve(relative), StandardCharsets.ISO_8859_1);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ID.matcher(lines.get(i));
            while (m.find()) {
                (logCall ? callSites : mentions).computeIfAbsent(m.group(), k -> new ArrayList<>()).add(path + ":" + (i + 1));
            }
        }
    }

    @Test
    void everyIdBelongsToOneLogCall() {
        Map<String, List<String>> shared = new TreeMap<>();
        callSites.forEach((id, sites) -> {
            if (sites.size() > 1) {
                shared.put(id, sites);
            }
        });
        assertTrue(callSites.size() > 50, "found the log calls under " + root + ": " + callSites.keySet());
        assertEquals(Map.of(), shared, "ids used by more than one log call: give each message its own id "
                + "(the next free one of its range, see " + DOC + ")");
    }

    @Test
    void theDocListsExactlyTheIdsTheCodeLogs() throws IOException {
        List<String> rows = new ArrayList<>();
        Matcher m = DOC_ROW.matcher(Files.readString(root.resolve(DOC)));
        while (m.find()) {
            rows.add(m.group(1));
        }
        Set<String> listed = new TreeSet<>(rows);
        assertEquals(listed.size(), rows.size(), "ids listed twice in " + DOC);

        Set<String> undocumented = new TreeSet<>(callSites.keySet());
        undocumented.removeAll(listed);
        assertEquals(Set.of(), undocumented, "ids logged by the code but missing from " + DOC);

        Set<String> unused = new TreeSet<>(listed);
        unused.removeAll(callSites.keySet());
        assertEquals(Set.of(), unused, "ids in " + DOC + " that no code logs any more");
    }

    @Test
    void testsAndDocsNameOnlyIdsTheCodeLogs() {
        Map<String, List<String>> stale = new TreeMap<>(mentions);
        stale.keySet().removeAll(callSites.keySet());
        assertEquals(Map.of(), stale, "tests, scripts or docs name ids that no code logs (renumbered or removed?)");
    }

    /** The reactor's root, found upwards from wherever the test runs (the module, or the root itself). */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("ejb"))
                    && Files.isDirectory(dir.resolve("rar"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no project root (pom.xml, ejb/, rar/) at or above " + Path.of("").toAbsolutePath());
    }
}
