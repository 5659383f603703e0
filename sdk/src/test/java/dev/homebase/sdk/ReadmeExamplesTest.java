package dev.homebase.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code java} block of sdk/README.md compiles against the SDK (Java 17): each becomes the
 * body of a method, with a {@code Base44Client base44} parameter unless the block declares it.
 */
class ReadmeExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final String IMPORTS = Stream.of("java.util", "java.util.stream", "java.util.concurrent",
                    "java.time", "java.nio.file", "dev.homebase.sdk", "dev.homebase.sdk.entities", "dev.homebase.sdk.auth",
                    "dev.homebase.sdk.functions", "dev.homebase.sdk.integrations", "dev.homebase.sdk.connectors",
                    "dev.homebase.sdk.realtime", "dev.homebase.sdk.agents", "dev.homebase.sdk.app")
            .map(p -> "import " + p + ".*;\n").collect(Collectors.joining());

    @Test
    void everyReadmeExampleCompiles(@TempDir Path out) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = JAVA_BLOCK.matcher(readme);
        List<JavaFileObject> sources = new ArrayList<>();
        while (m.find()) {
            String block = m.group(1);
            String param = block.contains("Base44Client base44 =") ? "" : "Base44Client base44";
            int n = sources.size();
            String code = "package readme;\n" + IMPORTS + "class Example" + n + " {\n"
                    + "    @SuppressWarnings(\"unused\")\n    static void run(" + param + ") throws Exception {\n"
                    + block + "\n    }\n}\n";
            sources.add(new SimpleJavaFileObject(URI.create("string:///readme/Example" + n + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            });
        }
        assertTrue(sources.size() >= 10, "one example per module at least: " + sources.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        List<String> options = List.of("--release", "17", "-proc:none", "-d", out.toString(), "-cp", classpath());
        boolean ok = javac.getTask(errors, null, null, options, null, sources).call();
        assertEquals("", ok ? "" : errors.toString(), "README examples must compile");
    }

    private static String classpath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(Base44.class, ObjectMapper.class, JsonParser.class, JsonProperty.class,
                JavaTimeModule.class, Jdk8Module.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
