package dev.homebase.server;

import dev.homebase.server.config.ServerConfig;
import dev.homebase.server.entity.RecordIds;
import dev.homebase.server.entity.RecordService;
import dev.homebase.server.entity.Timestamps;
import dev.homebase.server.http.Apps;
import dev.homebase.server.http.HttpServer;
import dev.homebase.server.project.Project;
import dev.homebase.server.project.ProjectLoader;
import dev.homebase.server.site.SiteHandler;
import dev.homebase.server.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A running Homebase: wiring only (config, then store, then services, then HTTP); no logic.
 */
public final class App implements AutoCloseable {
    private final List<Project> projects;
    private final Database database;
    private final HttpServer http;

    private App(List<Project> projects, Database database, HttpServer http) {
        this.projects = projects;
        this.database = database;
        this.http = http;
    }

    /**
     * Loads the projects, opens the database and starts serving.
     *
     * @throws dev.homebase.server.project.ProjectException for a bad project
     * @throws dev.homebase.server.store.StoreException when the database cannot be opened
     */
    public static App start(ServerConfig config) {
        List<Project> projects = config.projects().stream().map(ProjectLoader::load).toList();
        Apps apps = new Apps(projects);
        Database db = Database.open(config.databaseUrl());
        try {
            Clock clock = Clock.systemUTC();
            RecordService records = new RecordService(db, new RecordIds(clock), new Timestamps(clock));
            Optional<Path> site = projects.stream().map(Project::siteDir).flatMap(Optional::stream).findFirst();
            HttpServer http = new HttpServer(config.host(), config.port(), apps, records, new SiteHandler(site));
            return new App(projects, db, http);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The port the server listens on. */
    public int port() {
        return http.port();
    }

    /** The projects being served. */
    public List<Project> projects() {
        return projects;
    }

    @Override
    public void close() {
        http.close();
        database.close();
    }
}
