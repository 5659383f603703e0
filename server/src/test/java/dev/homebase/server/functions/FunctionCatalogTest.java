package dev.homebase.server.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery of {@code base44/functions/**} and the function-name rules; no Deno needed. */
class FunctionCatalogTest {
    @TempDir
    Path project;

    @Test
    void findsEntryFilesByFolderPathAndSkipsDottedFolders() throws IOException {
        write("base44/functions/hello/entry.ts");
        write("base44/functions/js-only/entry.js");
        write("base44/functions/both/entry.ts");
        write("base44/functions/both/entry.js");
        write("base44/functions/orders/process/entry.ts");
        write("base44/functions/orders/helpers.ts"); // "orders" itself has no entry
        write("base44/functions/.cache/x/entry.ts");
        write("base44/functions/v1.2/entry.ts");
        write("base44/functions/empty/readme.md");
        FunctionCatalog c = FunctionCatalog.scan(project);
        assertEquals(List.of("both", "hello", "js-only", "orders/process"), List.copyOf(c.all().keySet()));
        assertEquals("entry.ts", c.find("both").orElseThrow().entry().getFileName().toString(), "entry.ts wins");
        assertEquals(project.resolve("base44/functions/orders/process").toAbsolutePath(), c.find("orders/process").orElseThrow().dir());
        assertTrue(c.find("orders").isEmpty());
        assertTrue(c.sharedDir().isEmpty());
    }

    @Test
    void entryJavaIsAJavaFunctionUnlessAJavaScriptEntrySitsBesideIt() throws IOException {
        write("base44/functions/java-only/Entry.java");
        write("base44/functions/both-kinds/Entry.java");
        write("base44/functions/both-kinds/entry.js");
        write("base44/functions/lower-case/entry.java"); // not an entry name
        FunctionCatalog c = FunctionCatalog.scan(project);
        assertEquals(List.of("both-kinds", "java-only"), List.copyOf(c.all().keySet()));
        assertEquals(FunctionCatalog.Runtime.JAVA, c.find("java-only").orElseThrow().runtime());
        assertEquals("Entry.java", c.find("java-only").orElseThrow().entry().getFileName().toString());
        assertEquals(FunctionCatalog.Runtime.DENO, c.find("both-kinds").orElseThrow().runtime(), "the JavaScript entry wins");
        assertEquals("entry.js", c.find("both-kinds").orElseThrow().entry().getFileName().toString());
    }

    @Test
    void aProjectWithoutFunctionsHasNone() throws IOException {
        Files.createDirectories(project.resolve("base44"));
        assertTrue(FunctionCatalog.scan(project).all().isEmpty());
    }

    @Test
    void namesWithDotsAbsolutePathsOrBackslashesAreInvalid() {
        for (String ok : List.of("hello", "orders/process", "a-b_c", "Deep/Er/Name")) assertTrue(FunctionCatalog.isValidName(ok), ok);
        for (String bad : List.of("", "..", "../x", "a/../b", "/etc/passwd", "a\\b", "a//b", "a/", ".hidden", "x.ts", "c:x", "a\nb")) {
            assertFalse(FunctionCatalog.isValidName(bad), bad);
        }
    }

    private void write(String relative) throws IOException {
        Path p = project.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "export default () => new Response('x');\n");
    }
}
