package dev.homebase.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link DatabaseUrl}: the URL forms of {@code --db}, what the driver gets, what may be shown, and the bad ones. */
class DatabaseUrlTest {

    private static Map<String, String> props(DatabaseUrl url) {
        Properties p = url.properties();
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(n -> out.put(n, p.getProperty(n)));
        return out;
    }

    @Test
    void libpqUriWithUserPasswordHostPortAndDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://user:pass@127.0.0.1:5432/db");
        assertEquals(DatabaseUrl.Kind.POSTGRES, url.kind());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/db", url.jdbcUrl());
        assertEquals(Map.of("user", "user", "password", "pass"), props(url));
        assertEquals("postgresql://user@127.0.0.1:5432/db", url.display());
        assertEquals(url.display(), url.toString());
    }

    @Test
    void postgresSchemeAndDefaults() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app@db.example.com/shop");
        assertEquals("jdbc:postgresql://db.example.com:5432/shop", url.jdbcUrl());
        assertEquals(Map.of("user", "app"), props(url));
        // no host: localhost; no database: the one named after the user (as libpq)
        assertEquals("jdbc:postgresql://localhost:5432/app", DatabaseUrl.parse("postgresql://app@").jdbcUrl());
        assertEquals("jdbc:postgresql://localhost:5432/postgres", DatabaseUrl.parse("postgresql://").jdbcUrl());
        assertEquals("jdbc:postgresql://localhost:5432/postgres", DatabaseUrl.parse("postgresql:///postgres").jdbcUrl());
    }

    @Test
    void percentEncodingInEveryPart() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://us%40er:p%40ss%2Fw%3Ard%25+x@host/my%20db?application_name=a%26b");
        assertEquals("us@er", props(url).get("user"));
        assertEquals("p@ss/w:rd%+x", props(url).get("password"), "libpq keeps '+' as is");
        assertEquals("a&b", props(url).get("ApplicationName"));
        assertEquals("jdbc:postgresql://host:5432/my%20db", url.jdbcUrl());
        assertFalse(url.display().contains("p@ss"));
        DatabaseUrl unicode = DatabaseUrl.parse("postgresql://u:%C3%A9t%C3%A9@h/d");
        assertEquals("été", props(unicode).get("password"));
    }

    @Test
    void anUnencodedAtInThePasswordStillParses() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@ss@host:6543/db");
        assertEquals("p@ss", props(url).get("password"));
        assertEquals("jdbc:postgresql://host:6543/db", url.jdbcUrl());
    }

    @Test
    void severalHostsWithAndWithoutPortsAndIpv6() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@h1:5432,h2:5433,h3/db?target_session_attrs=read-write");
        assertEquals("jdbc:postgresql://h1:5432,h2:5433,h3:5432/db", url.jdbcUrl());
        assertEquals("primary", props(url).get("targetServerType"));
        assertEquals("jdbc:postgresql://[::1]:5432,[fe80::1]:6000/db", DatabaseUrl.parse("postgresql://[::1],[fe80::1]:6000/db").jdbcUrl());
    }

    @Test
    void parametersMapToPgjdbcProperties() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=7"
                + "&application_name=homebase&options=-c%20search_path%3Dapp&keepalives=1&sslpassword=hush&currentSchema=app");
        Map<String, String> p = props(url);
        assertEquals("verify-full", p.get("sslmode"));
        assertEquals("/etc/ca.pem", p.get("sslrootcert"));
        assertEquals("7", p.get("connectTimeout"));
        assertEquals("homebase", p.get("ApplicationName"));
        assertEquals("-c search_path=app", p.get("options"));
        assertEquals("true", p.get("tcpKeepAlive"));
        assertEquals("hush", p.get("sslpassword"));
        assertEquals("app", p.get("currentSchema"), "a pgjdbc property passes through");
        assertFalse(url.display().contains("hush"), url.display());
        assertTrue(url.display().contains("sslmode=verify-full"), url.display());
    }

    @Test
    void hostPortUserPasswordAndDbnameAsQueryParameters() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql:///?host=db1,db2&port=6000&dbname=shop&user=app&password=s3cret");
        assertEquals("jdbc:postgresql://db1:6000,db2:6000/shop", url.jdbcUrl());
        assertEquals(Map.of("user", "app", "password", "s3cret"), props(url));
        assertFalse(url.display().contains("s3cret"));
    }

    @Test
    void jdbcPostgresUrlsMovePropertiesOutOfTheUrl() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost:5433/hb_test?user=postgres&password=postgres&sslmode=disable");
        assertEquals("jdbc:postgresql://localhost:5433/hb_test", url.jdbcUrl());
        assertEquals(Map.of("user", "postgres", "password", "postgres", "sslmode", "disable"), props(url));
        assertEquals("postgresql://postgres@localhost:5433/hb_test?sslmode=disable", url.display());
        assertEquals("jdbc:postgresql://a:5432,b:5434/d", DatabaseUrl.parse("jdbc:postgresql://a,b:5434/d").jdbcUrl());
    }

    @Test
    void sqliteForms() {
        DatabaseUrl url = DatabaseUrl.parse("sqlite:/tmp/x/homebase.db");
        assertEquals(DatabaseUrl.Kind.SQLITE, url.kind());
        assertEquals("jdbc:sqlite:/tmp/x/homebase.db", url.jdbcUrl());
        assertEquals("sqlite:/tmp/x/homebase.db", url.display());
        assertEquals("jdbc:sqlite:rel/h.db", DatabaseUrl.parse("jdbc:sqlite:rel/h.db").jdbcUrl());
        assertEquals("jdbc:sqlite:.homebase/homebase.db", DatabaseUrl.parse("  sqlite:.homebase/homebase.db ").jdbcUrl());
        assertEquals("/var/lib/app.db", java.nio.file.Path.of(DatabaseUrl.parse("sqlite:///var/lib/app.db").jdbcUrl()
                .substring("jdbc:sqlite:".length())).toString());
    }

    @Test
    void badUrlsSayWhatIsWrongWithoutThePassword() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("mysql://u:topsecret@h/db", "has an unknown scheme"),
                Map.entry("jdbc:mysql://h/db?password=topsecret", "names a database Homebase does not support"),
                Map.entry("homebase.db", "a file path needs the sqlite: prefix"),
                Map.entry("sqlite:", "names no file"),
                Map.entry("sqlite::memory:", "is not a file path"),
                Map.entry("sqlite://app.db", "names a host, not a file"),
                Map.entry("postgresql://u:topsecret@h:notaport/db", "has a port that is not a number"),
                Map.entry("postgresql://u:topsecret@h:70000/db", "has a port that is not a number"),
                Map.entry("postgresql://u:top/secret@h/db", "in the user name or password; percent-encode it"),
                Map.entry("postgresql://u:topsecret@h/db?sslmode=maybe", "has sslmode=maybe"),
                Map.entry("postgresql://u:topsecret@h/db?nonsense=1", "has an unknown parameter \"nonsense\""),
                Map.entry("postgresql://u:topsecret@h/db?passfile=/x", "does not support"),
                Map.entry("postgresql://u:topsecret@h/db?connect_timeout=soon", "use whole seconds"),
                Map.entry("postgresql://u:topsecret@h/db?target_session_attrs=fast", "target_session_attrs=fast"),
                Map.entry("postgresql://u:topsecret@h/db?sslmode", "without a value"),
                Map.entry("postgresql://u:top%zzsecret@h/db", "bad percent-escape in the password"),
                Map.entry("postgresql://u:topsecret@h/db%2", "bad percent-escape in the database name"),
                Map.entry("postgresql://u:topsecret@[::1/db", "without its closing ']'"),
                Map.entry("postgresql://u:topsecret@h1,,h2/db", "has an empty host"),
                Map.entry("postgresql://u:topsecret@h/a/b", "has a '/' in the database name"),
                Map.entry("jdbc:postgresql://h:notaport/db?password=topsecret", "is not a valid jdbc:postgresql URL"),
                Map.entry("", "is empty"));
        bad.forEach((url, expected) -> {
            BadDatabaseUrlException e = assertThrows(BadDatabaseUrlException.class, () -> DatabaseUrl.parse(url), url);
            assertTrue(e.getMessage().contains(expected), url + " -> " + e.getMessage());
            assertFalse(e.getMessage().contains("topsecret") || e.getMessage().contains("secret@"), url + " -> " + e.getMessage());
            assertTrue(e.getMessage().startsWith("the database URL "), e.getMessage());
        });
        assertThrows(BadDatabaseUrlException.class, () -> DatabaseUrl.parse(null));
    }

    @Test
    void redactHidesPasswordsInAnyUrlShape() {
        assertEquals("postgresql://u:***@h/db", DatabaseUrl.redact("postgresql://u:pw@h/db"));
        assertEquals("postgresql://u:***@h/db", DatabaseUrl.redact("postgresql://u:p@w@h/db"));
        assertEquals("postgresql://u@h/db", DatabaseUrl.redact("postgresql://u@h/db"));
        assertEquals("jdbc:postgresql://h/db?user=u&password=***&ssl=true", DatabaseUrl.redact("jdbc:postgresql://h/db?user=u&password=pw&ssl=true"));
        assertEquals("x?sslpassword=***", DatabaseUrl.redact("x?sslpassword=k"));
        assertEquals("no url here", DatabaseUrl.redact("no url here"));
    }
}
