package io.keycloakhooks.project;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The receiver examples shown in docs/receivers.md#verifying-requests are the code ReceiverExamplesIT runs: every
 * line of the Node, Java and Python sections' code blocks (except the Maven coordinates) is a line of the example
 * file the section names.
 */
class ReceiverExamplesDocsTest {

    private static final Map<String, Path> SECTIONS = Map.of(
            "### Node", Path.of("src/test/receivers/node/receiver.js"),
            "### Java", Path.of("src/test/java/receiver/StandardWebhooksReceiver.java"),
            "### Python", Path.of("src/test/receivers/python/receiver.py"));

    @Test
    void theDocumentedExamplesAreTheTestedFiles() throws IOException {
        List<String> docs = Files.readAllLines(Path.of("docs/receivers.md"));
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Path> section : SECTIONS.entrySet()) {
            Set<String> fileLines = Files.readAllLines(section.getValue()).stream().map(String::strip)
                    .collect(Collectors.toSet());
            int start = docs.indexOf(section.getKey());
            assertTrue(start >= 0, "docs/receivers.md has a section " + section.getKey());
            String text = String.join("\n", docs.subList(start, docs.size()));
            assertTrue(text.contains(section.getValue().toString()), section.getKey() + " names " + section.getValue());
            boolean inCode = false;
            boolean xml = false;
            int codeLines = 0;
            for (String line : docs.subList(start + 1, docs.size())) {
                if (!inCode && line.startsWith("## ") || !inCode && line.startsWith("### ")) {
                    break;
                }
                if (line.startsWith("```")) {
                    inCode = !inCode;
                    xml = inCode && line.equals("```xml");
                    continue;
                }
                if (inCode && !xml && !line.isBlank()) {
                    codeLines++;
                    if (!fileLines.contains(line.strip())) {
                        missing.add(section.getKey() + " (" + section.getValue() + "): " + line.strip());
                    }
                }
            }
            assertTrue(codeLines > 10, section.getKey() + " shows the example's code: " + codeLines + " lines");
        }
        assertTrue(missing.isEmpty(), "lines in docs/receivers.md that the example files do not have:\n  "
                + String.join("\n  ", missing));
    }
}
