package dev.homebase.server.http;

import dev.homebase.server.ai.AiSettings;
import dev.homebase.server.config.AuthConfig;
import dev.homebase.server.files.FileSettings;
import dev.homebase.server.integrations.IntegrationLimits;
import dev.homebase.server.realtime.RealtimeSettings;
import dev.homebase.server.store.QueryLimits;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * What the dashboard's Activity and Settings pages read beyond the apps' API, built once in {@code App} from the
 * settings the server was started with (never by reading the environment again). NB: several of these hold secrets
 * (the SMTP password, the S3 secret key, the model provider's key); {@link DashboardSettingsApi} shows none of them.
 *
 * @param auth sign-in settings: rate limits, SMTP, public URL
 * @param files where uploads are kept, and their size limit
 * @param limits the rate limits of SendEmail, InvokeLLM and GenerateImage
 * @param ai the model provider
 * @param realtime the realtime limits
 * @param queries the database time limits
 * @param dialect the database in use ({@code sqlite}, {@code postgres})
 * @param databaseUrl the database URL without its password
 * @param realtimeConnections open realtime connections to an app on this node
 * @param secretsChanged told the app id after a secret was set or deleted (restarts the app's function processes here
 *     and on the other nodes)
 */
public record DashboardSources(AuthConfig auth, FileSettings files, IntegrationLimits limits, AiSettings ai,
                               RealtimeSettings realtime, QueryLimits queries, String dialect, String databaseUrl,
                               ToIntFunction<String> realtimeConnections, Consumer<String> secretsChanged) {}
