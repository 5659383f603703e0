package dev.homebase.server.project;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How an app presents itself to visitors, from its {@code base44/config.jsonc}: who may open it
 * (api-contract §12) and what its generated {@code manifest.json} says. Kept apart from
 * {@link Project}, which a reload of the entity files rebuilds; these keys are read at start.
 *
 * @param visibility {@code visibility} ({@link Visibility#PUBLIC_WITH_LOGIN} when absent)
 * @param icon {@code icon} (a Homebase extension: a URL or a path on the app's site), or empty
 * @param description {@code description} (may be empty)
 */
public record AppSettings(Visibility visibility, Optional<String> icon, String description) {

    /** The settings of a loaded project (its config was validated when it was loaded). @throws ProjectException */
    public static AppSettings of(Project project) {
        return of(project.dir().resolve("base44"));
    }

    /** The settings in a {@code base44/} folder; no config file gives the defaults. @throws ProjectException */
    static AppSettings of(Path base44Dir) {
        ProjectConfig config = ProjectConfig.read(base44Dir);
        return new AppSettings(config.visibility(), Optional.ofNullable(config.icon()), config.description());
    }
}
