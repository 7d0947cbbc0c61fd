package io.keycloakhooks.project;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The repository stands on its own: no file points at material outside it (the product contract lives
 * elsewhere), and the documentation's relative links lead to files and headings that exist.
 */
class DocsReferencesTest {

    /** Strings that point outside the repository. */
    private static final List<String> OUTSIDE_REFERENCES = List.of("../shared", "SPEC §");
    private static final Path SELF = Path.of("src/test/java/io/keycloakhooks/project/DocsReferencesTest.java");
    /** Folders a tree walk skips when git is not available: build output, VCS data, dependencies, the built jar. */
    private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", "node_modules", "providers", ".demo",
            ".bench");

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern DOCS_POINTER = Pattern.compile("docs/[a-z-]+\\.md(?:#[a-z0-9-]+)?");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private final Path root = Path.of("").toAbsolutePath();

    @Test
    void filesOutsideSrcDoNotPointOutsideTheRepository() {
        List<String> offenders = offenders(repositoryFiles().stream().filter(p -> !p.startsWith("src")).toList());
        assertTrue(offenders.isEmpty(), "files that refer to material outside the repository "
                + OUTSIDE_REFERENCES + ":\n  " + String.join("\n  ", offenders));
    }

    @Test
    void sourceFilesDoNotPointOutsideTheRepository() {
        List<String> offenders = offenders(repositoryFiles().stream().filter(p -> p.startsWith("src")).toList());
        assertTrue(offenders.isEmpty(), "files under src/ that refer to material outside the repository "
                + OUTSIDE_REFERENCES + ":\n  " + String.join("\n  ", offenders));
    }

    /** Code comments point at the docs as {@code docs/<page>.md#<heading>}; each such pointer must lead somewhere. */
    @Test
    void docsPointersInTheCodeResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        int pointers = 0;
        for (Path file : repositoryFiles()) {
            if (!file.startsWith("src/main")) {
                continue;
            }
            Matcher pointer = DOCS_POINTER.matcher(Files.readString(root.resolve(file)));
            while (pointer.find()) {
                pointers++;
                String problem = problem(root.resolve("README.md"), pointer.group(), anchors);
                if (problem != null) {
                    broken.add(file + ": " + pointer.group() + " " + problem);
                }
            }
        }
        assertTrue(pointers > 20, "the code's comments point at the docs: " + pointers);
        assertTrue(broken.isEmpty(), "docs pointers in the code that lead nowhere:\n  " + String.join("\n  ", broken));
    }

    @Test
    void relativeLinksInTheDocumentationResolve() throws IOException {
        List<Path> documents = documents();
        assertTrue(documents.contains(root.resolve("README.md")), "README.md is checked");
        assertTrue(documents.size() > 5, "the docs/ pages are checked: " + documents);
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path document : documents) {
            for (String target : relativeLinks(Files.readString(document))) {
                String problem = problem(document, target, anchors);
                if (problem != null) {
                    broken.add(root.relativize(document) + ": (" + target + ") " + problem);
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken relative links:\n  " + String.join("\n  ", broken));
    }

    /** README.md, the other top-level Markdown files and docs/*.md. */
    private List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        for (Path dir : List.of(root, root.resolve("docs"))) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".md")).filter(Files::isRegularFile)
                        .sorted().forEach(documents::add);
            }
        }
        return documents;
    }

    /** Why a link from {@code document} to {@code target} does not resolve, or null when it does. */
    private String problem(Path document, String target, Map<Path, Set<String>> anchors) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!resolved.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (fragment != null && !fragment.isEmpty() && resolved.toString().endsWith(".md")) {
            Set<String> known = anchors.computeIfAbsent(resolved, DocsReferencesTest::anchorsOf);
            if (!known.contains(fragment)) {
                return "no heading with anchor #" + fragment + " in " + root.relativize(resolved);
            }
        }
        return null;
    }

    /** Link targets outside fenced code blocks and inline code that are neither URLs nor e-mail addresses. */
    static List<String> relativeLinks(String markdown) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (!SCHEME.matcher(target).find()) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** The anchors GitHub gives a Markdown file's headings. */
    private static Set<String> anchorsOf(Path markdown) {
        try {
            return anchors(Files.readString(markdown));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (fenced || !heading.matches()) {
                continue;
            }
            String slug = slug(heading.group(1));
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }

    /** Lower case; letters, digits, spaces, hyphens and underscores kept, spaces turned into hyphens. */
    static String slug(String heading) {
        StringBuilder slug = new StringBuilder();
        heading.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    /** Each given file that contains one of {@link #OUTSIDE_REFERENCES}, with the strings it contains. */
    private List<String> offenders(List<Path> files) {
        List<String> offenders = new ArrayList<>();
        for (Path file : files) {
            if (file.equals(SELF)) {
                continue;
            }
            Path absolute = root.resolve(file);
            if (!Files.isRegularFile(absolute)) {
                continue;
            }
            String text;
            try {
                text = new String(Files.readAllBytes(absolute), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> found = OUTSIDE_REFERENCES.stream().filter(text::contains).toList();
            if (!found.isEmpty()) {
                offenders.add(file + " " + found);
            }
        }
        return offenders;
    }

    /** The files git tracks, relative to the repository root; a tree walk where git is not available. */
    private List<Path> repositoryFiles() {
        List<Path> tracked = gitLsFiles();
        return tracked != null ? tracked : walk();
    }

    private List<Path> gitLsFiles() {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out;
            try (InputStream stdout = git.getInputStream()) {
                out = stdout.readAllBytes();
            }
            if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return null;
            }
            List<Path> files = new ArrayList<>();
            for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
                if (!name.isEmpty()) {
                    files.add(Path.of(name));
                }
            }
            return files.isEmpty() ? null : files;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private List<Path> walk() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize)
                    .filter(p -> {
                        for (Path part : p) {
                            if (SKIPPED_DIRS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
