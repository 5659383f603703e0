package dev.homebase.server;

import dev.homebase.server.agents.AgentSettings;
import dev.homebase.server.ai.AiSettings;
import dev.homebase.server.automations.AutomationSettings;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.functions.FunctionSettings;
import dev.homebase.server.integrations.IntegrationLimits;
import dev.homebase.server.realtime.RealtimeSettings;
import dev.homebase.server.store.QueryLimits;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link App#start} needs besides the {@link dev.homebase.server.config.ServerConfig}: start from
 * {@link #defaults()} and change what differs with the {@code with…} methods.
 *
 * <pre>{@code
 * App app = App.start(config, AppOptions.defaults().withAuth(auth).withFunctions(functionSettings));
 * }</pre>
 *
 * @param auth sign-in settings (hash cost, token lifetimes, rate limits, admin account, mail)
 * @param functions backend-function settings (timeouts, pool sizes, sandbox)
 * @param realtime realtime limits and timers
 * @param queryLimits database time limits
 * @param ai the model provider
 * @param files file storage and upload limits; empty: those of the environment, under the data folder
 * @param integrationLimits per-app and per-user integration quotas
 * @param automations automation timers
 * @param agents agent limits
 */
public record AppOptions(AuthConfig auth, FunctionSettings functions, RealtimeSettings realtime, QueryLimits queryLimits,
                         AiSettings ai, Optional<FileSettings> files, IntegrationLimits integrationLimits,
                         AutomationSettings automations, AgentSettings agents) {

    /** @throws NullPointerException for a missing setting */
    public AppOptions {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(functions, "functions");
        Objects.requireNonNull(realtime, "realtime");
        Objects.requireNonNull(queryLimits, "queryLimits");
        Objects.requireNonNull(ai, "ai");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(integrationLimits, "integrationLimits");
        Objects.requireNonNull(automations, "automations");
        Objects.requireNonNull(agents, "agents");
    }

    /**
     * The defaults: default sign-in, function, realtime, database and automation settings; the model provider
     * ({@code HOMEBASE_LLM_*}), file settings ({@code HOMEBASE_UPLOAD_MAX_BYTES}, {@code HOMEBASE_FILES_DIR}, …),
     * integration quotas ({@code HOMEBASE_EMAIL_LIMIT_*}, …) and agent limits ({@code HOMEBASE_AGENT_*}) of the
     * environment, read now.
     */
    public static AppOptions defaults() {
        return new AppOptions(AuthConfig.defaults(), FunctionSettings.defaults(), RealtimeSettings.defaults(), QueryLimits.defaults(),
                AiSettings.fromEnvironment(System::getenv), Optional.empty(), IntegrationLimits.fromEnvironment(System.getenv()),
                AutomationSettings.defaults(), AgentSettings.fromEnvironment(System::getenv));
    }

    /** The file settings to use for a server whose data folder is {@code dataDir}. */
    FileSettings filesFor(Path dataDir) {
        return files.orElseGet(() -> FileSettings.fromEnvironment(dataDir, System.getenv()));
    }

    /** These options with other sign-in settings. */
    public AppOptions withAuth(AuthConfig auth) {
        return new AppOptions(auth, functions, realtime, queryLimits, ai, files, integrationLimits, automations, agents);
    }

    /** These options with other backend-function settings. */
    public AppOptions withFunctions(FunctionSettings functions) {
        return new AppOptions(auth, functions, realtime, queryLimits, ai, files, integrationLimits, automations, agents);
    }

    /** These options with other realtime limits and timers. */
    public AppOptions withRealtime(RealtimeSettings realtime) {
        return new AppOptions(auth, functions, realtime, queryLimits, ai, files, integrationLimits, automations, agents);
    }

    /** These options with other database time limits. */
    public AppOptions withQueryLimits(QueryLimits queryLimits) {
        return new AppOptions(auth, functions, realtime, queryLimits, ai, files, integrationLimits, automations, agents);
    }

    /** These options with another model provider. */
    public AppOptions withAi(AiSettings ai) {
        return new AppOptions(auth, functions, realtime, queryLimits, ai, files, integrationLimits, automations, agents);
    }

    /** These options with these file settings instead of the environment's. */
    public AppOptions withFiles(FileSettings files) {
        return new AppOptions(auth, functions, realtime, queryLimits, ai, Optional.of(files), integrationLimits, automations, agents);
    }

    /** These options with other integration quotas. */
    public AppOptions withIntegrationLimits(IntegrationLimits integrationLimits) {
        return new AppOptions(auth, functions, realtime, queryLimits, ai, files, integrationLimits, automations, agents);
    }

    /** These options with other automation timers. */
    public AppOptions withAutomations(AutomationSettings automations) {
        return new AppOptions(auth, functions, realtime, queryLimits, ai, files, integrationLimits, automations, agents);
    }

    /** These options with other agent limits. */
    public AppOptions withAgents(AgentSettings agents) {
        return new AppOptions(auth, functions, realtime, queryLimits, ai, files, integrationLimits, automations, agents);
    }
}
