package dev.homebase.server.http;

import dev.homebase.server.project.Apps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which hosted app a request without an app id belongs to (the direct function fetch, api-contract
 * §6.4, which sends no {@code X-App-Id}), from its {@code Host}:
 * <ol>
 *   <li>a server hosting one app: that app, whatever the host;</li>
 *   <li>a host name declared for an app in {@code HOMEBASE_APP_HOSTS}
 *       ({@code APP_ID=shop.example.com,www.shop.example.com;OTHER_ID=blog.example.com});</li>
 *   <li>a host name whose first label is an app id ({@code <appId>.localhost}, handy in development);</li>
 *   <li>else a 400 that says how to declare the host.</li>
 * </ol>
 * Host names compare case-insensitively, without the port. Immutable and thread-safe.
 */
final class AppHosts {
    /** The environment variable declaring the host names of the apps. */
    static final String ENV = "HOMEBASE_APP_HOSTS";

    private final List<String> appIds;
    private final Map<String, String> byHost;

    private AppHosts(List<String> appIds, Map<String, String> byHost) {
        this.appIds = List.copyOf(appIds);
        this.byHost = Map.copyOf(byHost);
    }

    /** The host names declared in {@code HOMEBASE_APP_HOSTS}. @throws IllegalArgumentException when malformed */
    static AppHosts fromEnvironment(Apps apps) {
        return parse(System.getenv(ENV), apps);
    }

    /**
     * Reads a declaration in the {@code HOMEBASE_APP_HOSTS} form (null or blank: none).
     *
     * @throws IllegalArgumentException for a malformed entry, an app this server does not host, or a
     *     host name given to two apps
     */
    static AppHosts parse(String spec, Apps apps) {
        List<String> ids = apps.all().stream().map(a -> a.project().appId()).toList();
        Map<String, String> byHost = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String entry : spec.split(";")) {
                if (entry.isBlank()) continue;
                int eq = entry.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException(ENV + ": expected APP_ID=host[,host...], got \"" + entry.strip() + "\"");
                String appId = entry.substring(0, eq).strip();
                if (!ids.contains(appId)) throw new IllegalArgumentException(ENV + ": this server does not host app " + appId);
                for (String host : entry.substring(eq + 1).split(",")) {
                    String h = host.strip().toLowerCase(Locale.ROOT);
                    if (h.isEmpty() || !h.matches("[a-z0-9.\\-\\[\\]:]+")) {
                        throw new IllegalArgumentException(ENV + ": \"" + host.strip() + "\" is not a host name");
                    }
                    String before = byHost.put(h, appId);
                    if (before != null && !before.equals(appId)) {
                        throw new IllegalArgumentException(ENV + ": " + h + " is declared for two apps");
                    }
                }
            }
        }
        return new AppHosts(ids, byHost);
    }

    /**
     * The app a request with this {@code Host} header is for.
     *
     * @throws ApiException 400 when several apps are hosted and none is declared for this host
     */
    String appFor(String hostHeader) {
        if (appIds.size() == 1) return appIds.getFirst();
        String host = hostName(hostHeader);
        String declared = byHost.get(host);
        if (declared != null) return declared;
        int dot = host.indexOf('.');
        String label = dot > 0 ? host.substring(0, dot) : host;
        for (String id : appIds) {
            if (id.equalsIgnoreCase(label)) return id;
        }
        throw ApiException.badRequest("This server hosts several apps and the host \"" + host + "\" names none of them:"
                + " declare it in " + ENV + " (APP_ID=" + (host.isEmpty() ? "host" : host) + ") or call <appId>.<host>");
    }

    /** The host name of a {@code Host} header, lower-cased, without the port. */
    static String hostName(String hostHeader) {
        if (hostHeader == null) return "";
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }
}
