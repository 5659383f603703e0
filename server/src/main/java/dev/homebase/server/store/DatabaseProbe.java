package dev.homebase.server.store;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens one plain connection before the pool starts, so that a database that cannot be used fails with a
 * {@link DatabaseOpenException} whose reason follows the SQLState (28P01/28000 sign-in refused, 3D000 no such
 * database, 08xxx and network errors unreachable) and whose message names the URL without its password.
 */
final class DatabaseProbe {
    private static final String WHERE = "--db / HOMEBASE_DB";

    private DatabaseProbe() {}

    static void postgres(DatabaseUrl url) {
        Properties props = url.properties();
        props.putIfAbsent("connectTimeout", "10");
        try (Connection c = new Driver().connect(url.jdbcUrl(), props)) {
            if (c == null) throw new DatabaseOpenException(DatabaseOpenException.Reason.OTHER, "the PostgreSQL driver does not accept " + url.display(), null);
        } catch (SQLException e) {
            throw classify(url, e);
        }
    }

    /** Plain, unpooled connections to {@code url} with its driver properties (for the schema migrations). */
    static DataSource postgresDataSource(DatabaseUrl url) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url.jdbcUrl());
        Properties props = url.properties();
        try {
            for (String name : props.stringPropertyNames()) source.setProperty(name, props.getProperty(name));
        } catch (SQLException e) {
            throw classify(url, e);
        }
        return source;
    }

    static void sqlite(DataSource source, String path) {
        Path file = Path.of(path).toAbsolutePath();
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version");
        } catch (SQLException e) {
            throw new DatabaseOpenException(DatabaseOpenException.Reason.NOT_WRITABLE, "cannot open the SQLite database " + file
                    + " (" + firstLine(e.getMessage()) + "); make its folder writable or choose another with --data / HOMEBASE_DATA or --db sqlite:PATH", e);
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new DatabaseOpenException(DatabaseOpenException.Reason.NOT_WRITABLE, "the SQLite database " + file
                    + " is read-only; make it writable or choose another with --data / HOMEBASE_DATA or --db sqlite:PATH", null);
        }
    }

    /** The reason and the one-line message for a failed PostgreSQL connection. */
    static DatabaseOpenException classify(DatabaseUrl url, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String user = url.properties().getProperty("user", System.getProperty("user.name", "?"));
        String where = url.display();
        if (state.equals("28P01") || state.equals("28000")) {
            return new DatabaseOpenException(DatabaseOpenException.Reason.AUTHENTICATION_FAILED, "the database " + where
                    + " refused the sign-in of user \"" + user + "\" (" + firstLine(e.getMessage()) + "); fix the user and password in " + WHERE, e);
        }
        if (state.equals("3D000")) {
            String db = url.jdbcUrl().substring(url.jdbcUrl().lastIndexOf('/') + 1);
            return new DatabaseOpenException(DatabaseOpenException.Reason.NO_SUCH_DATABASE, "the database \"" + decodeName(db)
                    + "\" does not exist on " + hosts(url) + "; create it (createdb " + decodeName(db)
                    + ") or fix the database name in " + WHERE, e);
        }
        Throwable network = networkCause(e);
        if (state.startsWith("08") || network != null) {
            String why = network instanceof UnknownHostException ? "unknown host " + network.getMessage()
                    : network instanceof ConnectException ? "connection refused"
                    : network instanceof SocketTimeoutException ? "timed out"
                    : network != null ? firstLine(network.getMessage()) : firstLine(e.getMessage());
            return new DatabaseOpenException(DatabaseOpenException.Reason.UNREACHABLE, "cannot reach the database " + where + " ("
                    + why + "); check that PostgreSQL is running there and that the host and port in " + WHERE + " are right", e);
        }
        return new DatabaseOpenException(DatabaseOpenException.Reason.OTHER, "cannot open the database " + where + " ("
                + firstLine(e.getMessage()) + (state.isEmpty() ? "" : ", SQLState " + state) + ")", e);
    }

    /** Why a folder could not be created, in words (Java's messages are just the path). */
    static String why(java.io.IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) return "a file is in the way";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return firstLine(e.getMessage());
    }

    private static String hosts(DatabaseUrl url) {
        String rest = url.jdbcUrl().substring("jdbc:postgresql://".length());
        return rest.substring(0, rest.indexOf('/'));
    }

    private static String decodeName(String encoded) {
        return DatabaseUrl.decode(encoded, encoded, "the database name");
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) return t;
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) return "no message";
        String line = message.strip().lines().findFirst().orElse("");
        return DatabaseUrl.redact(line);
    }
}
