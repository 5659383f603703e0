package dev.homebase.server.image;

import dev.homebase.server.TempDirs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homebase.server.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * The container image and the compose example. Always: the Jib configuration of the {@code image} profile (scratch
 * base, the entrypoint on the image's own JRE, {@code serve /project}, the environment, port 4400, the {@code /data}
 * volume) and {@code examples/compose/compose.yaml} as YAML (PostgreSQL, two Homebase nodes on it, a proxy; every
 * {@code HOMEBASE_*} name in it is one the server's code or logging configuration reads). When {@code server/target/jib-image.tar} has been built
 * ({@code ./mvnw -Pimage -pl server -am package -DskipTests}): the tar's OCI config (entrypoint, environment, port,
 * volume), a layer holding the server jar, and a smoke test that unpacks the layers into a folder and runs the
 * entrypoint with the image's JRE until {@code GET /api/health} answers 200.
 */
class ContainerImageTest {
    private static final Path SERVER = Path.of("").toAbsolutePath();
    private static final Path ROOT = SERVER.getParent();
    private static final Path TAR = SERVER.resolve("target/jib-image.tar");

    @Test
    void jibProfileBuildsAServerImageOnScratch() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(SERVER.resolve("pom.xml").toFile());
        Element image = null;
        NodeList profiles = pom.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element p = (Element) profiles.item(i);
            if ("image".equals(text(p, "id"))) image = p;
        }
        assertTrue(image != null, "server/pom.xml has a profile 'image'");
        Element jib = null;
        NodeList plugins = image.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element p = (Element) plugins.item(i);
            if ("jib-maven-plugin".equals(text(p, "artifactId"))) jib = p;
        }
        assertTrue(jib != null, "the image profile runs Jib");
        assertEquals("3.5.2", text(jib, "version"));
        assertEquals("buildTar", text(jib, "goal"));
        assertEquals("scratch", text((Element) jib.getElementsByTagName("from").item(0), "image"));
        Element container = (Element) jib.getElementsByTagName("container").item(0);
        List<String> entrypoint = args((Element) container.getElementsByTagName("entrypoint").item(0));
        assertEquals("/opt/homebase/jre/bin/java", entrypoint.get(0));
        assertEquals("dev.homebase.server.Main", entrypoint.get(entrypoint.size() - 1));
        assertEquals(List.of("serve", "/project"), args((Element) container.getElementsByTagName("args").item(0)));
        assertEquals("4400", text(container, "port"));
        assertEquals("/data", text(container, "volume"));
        Element env = (Element) container.getElementsByTagName("environment").item(0);
        assertEquals("0.0.0.0", text(env, "HOMEBASE_HOST"));
        assertEquals("/data", text(env, "HOMEBASE_DATA"));
        assertEquals("/opt/homebase/bin/deno", text(env, "HOMEBASE_DENO"));
        assertServerReads(env.getChildNodes());
    }

    @Test
    void composeExampleRunsTwoNodesOnPostgresBehindAProxy() throws Exception {
        Path dir = ROOT.resolve("examples/compose");
        Map<String, Object> compose = new Yaml().load(Files.readString(dir.resolve("compose.yaml")));
        Map<String, Map<String, Object>> services = cast(compose.get("services"));
        assertTrue(String.valueOf(services.get("postgres").get("image")).startsWith("postgres:"));
        List<String> nodes = services.keySet().stream().filter(s -> String.valueOf(services.get(s).get("image")).startsWith("homebase:")).toList();
        assertEquals(2, nodes.size(), "two Homebase nodes: " + services.keySet());
        String db = null;
        for (String node : nodes) {
            Map<String, Object> env = cast(services.get(node).get("environment"));
            assertTrue(String.valueOf(env.get("HOMEBASE_DB")).startsWith("postgresql://"), node + " uses PostgreSQL");
            if (db != null) assertEquals(db, env.get("HOMEBASE_DB"), "the nodes share one database");
            db = String.valueOf(env.get("HOMEBASE_DB"));
            assertTrue(db.contains("@postgres:5432/"), db);
            assertServerReads(env.keySet());
            List<String> volumes = cast(services.get(node).get("volumes"));
            assertTrue(volumes.stream().anyMatch(v -> v.endsWith(":/data")), node + " keeps its data folder on a volume");
        }
        Map<String, Object> proxy = services.get("proxy");
        assertTrue(String.valueOf(proxy.get("image")).startsWith("caddy:"));
        String caddyfile = Files.readString(dir.resolve("Caddyfile"));
        for (String node : nodes) assertTrue(caddyfile.contains(node + ":4400"), "the proxy sends to " + node);
        assertTrue(caddyfile.contains("/api/health/ready"));
    }

    @Test
    void builtImageHasTheServerAndServesHealth() throws Exception {
        assumeTrue(Files.isRegularFile(TAR), "no " + TAR + ": build it with ./mvnw -Pimage -pl server -am package -DskipTests");
        Path root = TempDirs.create("homebase-image");
        JsonNode config;
        List<String> layerFiles = new ArrayList<>();
        Map<String, byte[]> entries = readTar(Files.newInputStream(TAR), null);
        JsonNode manifest;
        if (entries.containsKey("index.json")) {
            JsonNode index = Json.parse(new String(entries.get("index.json"), StandardCharsets.UTF_8));
            manifest = Json.parse(new String(blob(entries, index.at("/manifests/0/digest").asText()), StandardCharsets.UTF_8));
        } else {
            JsonNode docker = Json.parse(new String(entries.get("manifest.json"), StandardCharsets.UTF_8)).get(0);
            manifest = Json.object();
            ((com.fasterxml.jackson.databind.node.ObjectNode) manifest).putObject("config").put("file", docker.path("Config").asText());
            var layers = ((com.fasterxml.jackson.databind.node.ObjectNode) manifest).putArray("layers");
            docker.path("Layers").forEach(l -> layers.addObject().put("file", l.asText()));
        }
        config = Json.parse(new String(entry(entries, manifest.get("config")), StandardCharsets.UTF_8));
        JsonNode c = config.path("config");
        assertEquals("/opt/homebase/jre/bin/java", c.at("/Entrypoint/0").asText(), c.toString());
        assertEquals("serve", c.at("/Cmd/0").asText(), c.toString());
        assertTrue(c.path("ExposedPorts").has("4400/tcp"), c.toString());
        assertTrue(c.path("Volumes").has("/data"), c.toString());
        Map<String, String> env = new HashMap<>();
        c.path("Env").forEach(e -> env.put(e.asText().substring(0, e.asText().indexOf('=')), e.asText().substring(e.asText().indexOf('=') + 1)));
        assertEquals("/data", env.get("HOMEBASE_DATA"));
        for (JsonNode layer : manifest.path("layers")) {
            layerFiles.addAll(readTar(new GZIPInputStream(new java.io.ByteArrayInputStream(entry(entries, layer))), root).keySet());
        }
        assertTrue(layerFiles.stream().anyMatch(f -> f.matches("app/classpath/homebase-server.*\\.jar")), "a layer holds the server jar");
        assertTrue(layerFiles.contains("opt/homebase/bin/deno"), "a layer holds Deno");
        assertTrue(layerFiles.contains("opt/homebase/jre/bin/javac"), "a layer holds javac for Java functions");

        // Run the entrypoint from the unpacked layers with the image's own JRE (paths under /app moved to the folder).
        List<String> command = new ArrayList<>();
        c.path("Entrypoint").forEach(a -> command.add(a.asText()));
        command.set(0, root + command.get(0));
        String classpath = Files.readString(root.resolve("app/jib-classpath-file")).strip();
        StringBuilder moved = new StringBuilder();
        for (String part : classpath.split(":")) moved.append(moved.isEmpty() ? "" : ":").append(root).append(part);
        command.set(command.indexOf("@/app/jib-classpath-file"), moved.toString());
        Path project = root.resolve("project");
        Path fixture = SERVER.resolve("src/test/resources/authtest");
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : files.toList()) {
                Path to = project.resolve(fixture.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to); else Files.copy(f, to);
            }
        }
        command.add("serve");
        command.add(project.toString());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(root.resolve("serve.log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("HOMEBASE_HOST", "127.0.0.1");
        pb.environment().put("HOMEBASE_PORT", String.valueOf(port));
        pb.environment().put("HOMEBASE_DATA", root.resolve("data").toString());
        pb.environment().put("HOMEBASE_DENO", root + env.get("HOMEBASE_DENO"));
        Process serve = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && serve.isAlive()) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                    if (status == 200) break;
                } catch (IOException e) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, status, "GET /api/health of the image's server; its log: " + Files.readString(root.resolve("serve.log")));
        } finally {
            serve.destroy();
            serve.waitFor();
        }
    }

    /** Every name is one the server's sources read (so the image and the example set nothing that is ignored). */
    private static void assertServerReads(Object names) throws IOException {
        Set<String> wanted = new TreeSet<>();
        if (names instanceof NodeList list) {
            for (int i = 0; i < list.getLength(); i++) if (list.item(i).getNodeType() == Node.ELEMENT_NODE) wanted.add(list.item(i).getNodeName());
        } else {
            for (Object n : (Iterable<?>) names) wanted.add(String.valueOf(n));
        }
        wanted.removeIf(n -> !n.startsWith("HOMEBASE_"));
        Set<String> read = new TreeSet<>();
        Pattern literal = Pattern.compile("\"(HOMEBASE_[A-Z0-9_]+)\"|\\$\\{(HOMEBASE_[A-Z0-9_]+)"); // a Java literal, a logback variable
        try (Stream<Path> files = Files.walk(SERVER.resolve("src/main"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".xml")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) read.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        for (String n : wanted) assertTrue(read.contains(n), n + " is not read by the server");
    }

    private static byte[] entry(Map<String, byte[]> entries, JsonNode ref) {
        return ref.has("file") ? entries.get(ref.path("file").asText()) : blob(entries, ref.path("digest").asText());
    }

    private static byte[] blob(Map<String, byte[]> entries, String digest) {
        byte[] b = entries.get("blobs/" + digest.replace(':', '/'));
        assertTrue(b != null, "the tar has the blob " + digest);
        return b;
    }

    /** The files of a tar: kept in memory when {@code into} is null (the image tar), else written under it (a layer). */
    private static Map<String, byte[]> readTar(InputStream in, Path into) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (in) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) break;
                String name = longName != null ? longName : field(header, 0, 100);
                longName = null;
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty() && name.equals(field(header, 0, 100))) name = prefix + "/" + name;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                int mode = Integer.parseInt(field(header, 100, 8).trim().isEmpty() ? "0" : field(header, 100, 8).trim(), 8);
                char type = (char) header[156];
                byte[] data = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'L') {
                    longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                if (name.startsWith("./")) name = name.substring(2);
                if (name.startsWith("/")) name = name.substring(1);
                if (into == null) {
                    out.put(name, data);
                    continue;
                }
                Path target = into.resolve(name).normalize();
                if (!target.startsWith(into)) continue;
                if (type == '5') {
                    Files.createDirectories(target);
                } else if (type == '0' || type == 0) {
                    Files.createDirectories(target.getParent());
                    Files.write(target, data);
                    if ((mode & 0100) != 0) target.toFile().setExecutable(true, false);
                    out.put(name.endsWith("/") ? name.substring(0, name.length() - 1) : name, null);
                }
            }
        }
        return out;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) end++;
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static List<String> args(Element parent) {
        List<String> out = new ArrayList<>();
        NodeList list = parent.getElementsByTagName("arg");
        for (int i = 0; i < list.getLength(); i++) out.add(list.item(i).getTextContent().trim());
        return out;
    }

    private static String text(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? null : list.item(0).getTextContent().trim();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
