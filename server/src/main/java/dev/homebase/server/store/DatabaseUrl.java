package dev.homebase.server.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * A database URL as {@code serve --db} and {@code HOMEBASE_DB} take it, parsed into what the driver needs, with a
 * form safe to print ({@link #display()}, never the password).
 *
 * <ul>
 *   <li>{@code sqlite:PATH} or {@code jdbc:sqlite:PATH}: an SQLite file (its folder is created when missing);
 *       {@code sqlite:///abs/path.db} is {@code /abs/path.db}.</li>
 *   <li>{@code postgresql://} or {@code postgres://} in libpq's URI form:
 *       {@code postgresql://[USER[:PASSWORD]@][HOST[:PORT][,HOST[:PORT]...]][/DBNAME][?PARAM=VALUE&...]}, with
 *       percent-encoding in every part, IPv6 hosts in brackets, port 5432 and host {@code localhost} by default, and
 *       libpq's parameters mapped to pgjdbc's ({@code sslmode}, {@code sslrootcert}, {@code connect_timeout},
 *       {@code application_name}, {@code target_session_attrs}, ...). A parameter libpq does not know may be a
 *       pgjdbc property ({@code currentSchema}); anything else is an error.</li>
 *   <li>{@code jdbc:postgresql://...}: pgjdbc's own form, as its driver reads it.</li>
 * </ul>
 *
 * <pre>{@code
 * DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s%40cret@db1:5432,db2:5433/shop?sslmode=require");
 * url.jdbcUrl();     // jdbc:postgresql://db1:5432,db2:5433/shop
 * url.properties();  // user=app, password=s@cret, sslmode=require
 * url.display();     // postgresql://app@db1:5432,db2:5433/shop?sslmode=require
 * }</pre>
 *
 * @param kind which database
 * @param jdbcUrl the JDBC URL without user, password or other properties
 * @param properties driver properties, the user and password included (never print them)
 * @param display the URL to show in logs, errors and metrics: no password, no secret parameter
 */
public record DatabaseUrl(Kind kind, String jdbcUrl, Properties properties, String display) {

    /** The two databases Homebase runs on. */
    public enum Kind { SQLITE, POSTGRES }

    /** The URL forms, for error messages. */
    public static final String FORMS = "sqlite:PATH, postgresql://USER:PASSWORD@HOST:5432/DATABASE or jdbc:postgresql://HOST:5432/DATABASE";

    /** libpq parameters and the pgjdbc property each becomes. */
    private static final Map<String, String> LIBPQ = Map.ofEntries(
            Map.entry("user", "user"),
            Map.entry("password", "password"),
            Map.entry("sslmode", "sslmode"),
            Map.entry("sslrootcert", "sslrootcert"),
            Map.entry("sslcert", "sslcert"),
            Map.entry("sslkey", "sslkey"),
            Map.entry("sslpassword", "sslpassword"),
            Map.entry("connect_timeout", "connectTimeout"),
            Map.entry("application_name", "ApplicationName"),
            Map.entry("options", "options"),
            Map.entry("target_session_attrs", "targetServerType"),
            Map.entry("keepalives", "tcpKeepAlive"),
            Map.entry("gssencmode", "gssEncMode"),
            Map.entry("channel_binding", "channelBinding"),
            Map.entry("krbsrvname", "kerberosServerName"));
    /** libpq parameters Homebase cannot honour (they need files or features pgjdbc lacks). */
    private static final Set<String> UNSUPPORTED = Set.of("passfile", "service", "hostaddr", "requirepeer", "sslcrl",
            "sslcompression", "ssl_min_protocol_version", "ssl_max_protocol_version", "keepalives_idle",
            "keepalives_interval", "keepalives_count", "tcp_user_timeout", "replication", "load_balance_hosts",
            "sslsni", "sslnegotiation", "client_encoding", "fallback_application_name", "gsslib", "require_auth");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final Map<String, String> SESSION_ATTRS = Map.of("any", "any", "read-write", "primary",
            "primary", "primary", "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");
    /** Properties whose values are never shown. */
    private static final Set<String> SECRET = Set.of("password", "sslpassword");
    /** Up to the last '@': with an unencoded '@' in the password, hiding too much is the safe side. */
    private static final Pattern USERINFO = Pattern.compile("(?s)^([a-zA-Z][a-zA-Z0-9+.:-]*://)(.*)@");
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i)([?&;](?:password|sslpassword)=)[^&;]*");

    public DatabaseUrl {
        properties = copy(properties);
    }

    /** A copy of the driver properties. */
    @Override
    public Properties properties() {
        return copy(properties);
    }

    @Override
    public String toString() {
        return display;
    }

    /**
     * Parses {@code url}.
     *
     * @throws BadDatabaseUrlException saying what is wrong; its message never holds the password
     */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) throw bad(url == null ? "" : url, "is empty");
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sqlite:")) return sqlite(u, u.substring("sqlite:".length()));
        if (lower.startsWith("jdbc:sqlite:")) return sqlite(u, u.substring("jdbc:sqlite:".length()));
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) return libpq(u);
        if (lower.startsWith("jdbc:postgresql:")) return jdbcPostgres(u);
        if (lower.startsWith("jdbc:")) throw bad(u, "names a database Homebase does not support; use " + FORMS);
        if (u.contains("://")) throw bad(u, "has an unknown scheme; use " + FORMS);
        throw bad(u, "is not a database URL; use " + FORMS + " (a file path needs the sqlite: prefix)");
    }

    /** {@code url} with any password replaced by {@code ***}: for messages about a URL that may not even parse. */
    public static String redact(String url) {
        if (url == null) return "";
        String out = url.strip();
        Matcher m = USERINFO.matcher(out);
        if (m.find()) {
            String userinfo = m.group(2);
            int colon = userinfo.indexOf(':');
            String shown = colon < 0 ? userinfo : userinfo.substring(0, colon) + ":***";
            out = m.group(1) + shown + "@" + out.substring(m.end());
        }
        return SECRET_PARAM.matcher(out).replaceAll("$1***");
    }

    private static DatabaseUrl sqlite(String url, String path) {
        if (path.isBlank()) throw bad(url, "names no file; use sqlite:PATH, as in sqlite:.homebase/homebase.db");
        if (path.startsWith("//") && !path.startsWith("///")) {
            throw bad(url, "names a host, not a file; use sqlite:PATH, as in sqlite:/var/lib/homebase/app.db or sqlite:data/app.db");
        }
        if (path.startsWith(":memory:") || path.startsWith("file:")) {
            throw bad(url, "is not a file path; use sqlite:PATH, as in sqlite:.homebase/homebase.db");
        }
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + path, new Properties(), "sqlite:" + path);
    }

    /** libpq's URI form; see the class comment. */
    private static DatabaseUrl libpq(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        Properties props = new Properties();
        // The user info ends at the last '@' before the path: a password must percent-encode '/', '?' and '@'.
        int slash = indexOfAny(rest, "/?");
        int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
        if (at < 0 && rest.indexOf('@') >= 0 && rest.indexOf(':') >= 0 && rest.indexOf(':') < rest.indexOf('@')) {
            throw bad(url, "has a '/', '?' or '#' in the user name or password; percent-encode it (%2F, %3F, %23)");
        }
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userinfo.indexOf(':');
            String user = decode(url, colon < 0 ? userinfo : userinfo.substring(0, colon), "the user name");
            if (!user.isEmpty()) props.setProperty("user", user);
            if (colon >= 0) props.setProperty("password", decode(url, userinfo.substring(colon + 1), "the password"));
        }
        int end = indexOfAny(rest, "/?");
        String hostPart = end < 0 ? rest : rest.substring(0, end);
        String path = "";
        String query = "";
        if (end >= 0) {
            String tail = rest.substring(end);
            int q = tail.indexOf('?');
            path = q < 0 ? tail : tail.substring(0, q);
            query = q < 0 ? "" : tail.substring(q + 1);
        }
        String database = path.isEmpty() || path.equals("/") ? "" : decode(url, path.substring(1), "the database name");
        if (database.contains("/")) throw bad(url, "has a '/' in the database name; percent-encode it as %2F (and '@', '/' in a password as %40, %2F)");
        List<String[]> hosts = hosts(url, hostPart);
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0) throw bad(url, "has a parameter without a value (write NAME=VALUE)");
            String name = decode(url, pair.substring(0, eq), "a parameter name");
            String value = decode(url, pair.substring(eq + 1), "the value of " + name);
            switch (name) {
                case "host" -> hosts = hosts(url, value);
                case "port" -> {
                    List<String[]> withPort = new ArrayList<>();
                    for (String[] h : hosts) withPort.add(new String[] {h[0], port(url, value)});
                    hosts = withPort;
                }
                case "dbname" -> database = value;
                default -> param(url, props, name, value);
            }
        }
        if (database.isEmpty()) database = props.getProperty("user", "postgres"); // libpq: the database named after the user
        StringBuilder authority = new StringBuilder();
        for (String[] h : hosts) {
            if (!authority.isEmpty()) authority.append(',');
            authority.append(h[0].contains(":") ? "[" + h[0] + "]" : h[0]).append(':').append(h[1]);
        }
        String jdbc = "jdbc:postgresql://" + authority + "/" + encodePath(database);
        return new DatabaseUrl(Kind.POSTGRES, jdbc, props, display(authority.toString(), database, props));
    }

    private static void param(String url, Properties props, String name, String value) {
        if (UNSUPPORTED.contains(name)) throw bad(url, "has the parameter \"" + name + "\", which Homebase does not support");
        String pg = LIBPQ.get(name);
        if (pg == null) {
            if (PGProperty.forName(name) == null) {
                throw bad(url, "has an unknown parameter \"" + name + "\" (libpq's, such as sslmode, connect_timeout or "
                        + "application_name, or a pgjdbc property)");
            }
            pg = name;
        }
        switch (name) {
            case "sslmode" -> {
                if (!SSL_MODES.contains(value)) throw bad(url, "has sslmode=" + value + "; use one of disable, allow, prefer, require, verify-ca, verify-full");
            }
            case "connect_timeout" -> {
                if (!value.matches("\\d{1,6}")) throw bad(url, "has connect_timeout=" + value + "; use whole seconds");
            }
            case "keepalives" -> {
                if (!value.equals("0") && !value.equals("1")) throw bad(url, "has keepalives=" + value + "; use 0 or 1");
                value = value.equals("1") ? "true" : "false";
            }
            case "target_session_attrs" -> {
                String mapped = SESSION_ATTRS.get(value);
                if (mapped == null) throw bad(url, "has target_session_attrs=" + value + "; use any, read-write, read-only, primary, standby or prefer-standby");
                value = mapped;
            }
            default -> { }
        }
        props.setProperty(pg, value);
    }

    /** pgjdbc's own form, read by its driver; user, password and the other properties move out of the URL. */
    private static DatabaseUrl jdbcPostgres(String url) {
        Properties parsed;
        // The driver logs a bad port through java.util.logging before answering null: the one-line error says it.
        java.util.logging.Logger driverLog = java.util.logging.Logger.getLogger("org.postgresql.util.PGPropertyUtil");
        java.util.logging.Level level = driverLog.getLevel();
        driverLog.setLevel(java.util.logging.Level.OFF);
        try {
            parsed = Driver.parseURL(url, null);
        } finally {
            driverLog.setLevel(level);
        }
        if (parsed == null) throw bad(url, "is not a valid jdbc:postgresql URL; use jdbc:postgresql://HOST:5432/DATABASE?user=USER");
        String host = parsed.getProperty("PGHOST", "localhost");
        String port = parsed.getProperty("PGPORT", "5432");
        String database = parsed.getProperty("PGDBNAME", "");
        String[] hostList = host.split(",");
        String[] portList = port.split(",");
        StringBuilder authority = new StringBuilder();
        for (int i = 0; i < hostList.length; i++) {
            if (!authority.isEmpty()) authority.append(',');
            String h = hostList[i];
            authority.append(h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h).append(':')
                    .append(i < portList.length ? portList[i] : "5432");
        }
        Properties props = new Properties();
        for (String name : parsed.stringPropertyNames()) {
            if (!name.equals("PGHOST") && !name.equals("PGPORT") && !name.equals("PGDBNAME")) props.setProperty(name, parsed.getProperty(name));
        }
        String jdbc = "jdbc:postgresql://" + authority + "/" + encodePath(database);
        return new DatabaseUrl(Kind.POSTGRES, jdbc, props, display(authority.toString(), database, props));
    }

    private static String display(String authority, String database, Properties props) {
        String user = props.getProperty("user");
        StringBuilder out = new StringBuilder("postgresql://");
        if (user != null) out.append(encodeUserinfo(user)).append('@');
        out.append(authority).append('/').append(encodePath(database));
        Map<String, String> shown = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted()
                .filter(n -> !n.equals("user") && !SECRET.contains(n.toLowerCase(Locale.ROOT)))
                .forEach(n -> shown.put(n, props.getProperty(n)));
        if (!shown.isEmpty()) {
            out.append('?');
            List<String> pairs = new ArrayList<>();
            shown.forEach((n, v) -> pairs.add(n + "=" + v));
            out.append(String.join("&", pairs));
        }
        return out.toString();
    }

    /** {@code h1:5432,[::1]:5433,h3} → host and port pairs (port 5432 when absent; host localhost when empty). */
    private static List<String[]> hosts(String url, String raw) {
        List<String[]> out = new ArrayList<>();
        if (raw.isEmpty()) {
            out.add(new String[] {"localhost", "5432"});
            return out;
        }
        for (String one : raw.split(",", -1)) {
            String host;
            String port = "5432";
            if (one.startsWith("[")) {
                int close = one.indexOf(']');
                if (close < 0) throw bad(url, "has an IPv6 host without its closing ']'");
                host = one.substring(1, close);
                String after = one.substring(close + 1);
                if (!after.isEmpty()) {
                    if (!after.startsWith(":")) throw bad(url, "has text after an IPv6 host; write [ADDRESS]:PORT");
                    port = port(url, after.substring(1));
                }
            } else {
                int colon = one.lastIndexOf(':');
                host = decode(url, colon < 0 ? one : one.substring(0, colon), "a host name");
                if (colon >= 0) port = port(url, one.substring(colon + 1));
            }
            if (host.isEmpty()) throw bad(url, "has an empty host in its host list");
            if (!host.matches("[A-Za-z0-9._:%-]+")) {
                throw bad(url, "has a host name with characters a host cannot have (a password with '@', '/' or ':' must be percent-encoded: %40, %2F, %3A)");
            }
            out.add(new String[] {host, port});
        }
        return out;
    }

    private static String port(String url, String raw) {
        if (!raw.matches("\\d{1,5}") || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > 65535) {
            throw bad(url, "has a port that is not a number from 1 to 65535 (a password with '@', '/' or ':' must be percent-encoded: %40, %2F, %3A)");
        }
        return raw;
    }

    /** Percent-decoding as libpq does it: {@code %XX} bytes as UTF-8, and {@code +} stays {@code +}. */
    static String decode(String url, String raw, String what) {
        if (raw.indexOf('%') < 0) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw bad(url, "has a bad percent-escape in " + what + " (write %XX with two hex digits)");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw bad(url, "has a bad percent-escape in " + what + " (write %XX with two hex digits)");
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    b = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String encodePath(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    private static String encodeUserinfo(String s) {
        return encodePath(s);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    private static Properties copy(Properties p) {
        Properties out = new Properties();
        if (p != null) p.stringPropertyNames().forEach(n -> out.setProperty(n, p.getProperty(n)));
        return out;
    }

    private static BadDatabaseUrlException bad(String url, String problem) {
        return new BadDatabaseUrlException("the database URL " + (url.isBlank() ? "" : "\"" + redact(url) + "\" ") + problem);
    }
}
