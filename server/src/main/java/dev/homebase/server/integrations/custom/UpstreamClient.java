package dev.homebase.server.integrations.custom;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Promise;

/**
 * The HTTP client of the custom integrations (Jetty's, for its pluggable address resolver): it connects
 * only to addresses {@link AddressPolicy} approved, for the host of the request; follows a redirect only
 * to the same scheme, host and port (at most {@value #MAX_REDIRECTS}), and refuses one elsewhere; limits
 * each call's whole time and the response's size. Thread-safe; one per server.
 */
final class UpstreamClient implements AutoCloseable {
    private static final int MAX_REDIRECTS = 5;

    /**
     * An upstream answer.
     *
     * @param status the HTTP status
     * @param contentType its {@code Content-Type}, or null
     * @param body the body bytes (decompressed)
     */
    record Reply(int status, String contentType, byte[] body) {}

    private final HttpClient http = new HttpClient();

    UpstreamClient() {
        // Daemon threads: an idle client never keeps the JVM alive.
        org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool();
        pool.setName("custom-integrations");
        pool.setDaemon(true);
        http.setExecutor(pool);
        http.setScheduler(new org.eclipse.jetty.util.thread.ScheduledExecutorScheduler("custom-integrations-scheduler", true));
        http.setFollowRedirects(false); // followed by hand below, same origin only
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Homebase custom integrations"));
        http.setConnectTimeout(10_000);
        http.setSocketAddressResolver(UpstreamClient::resolve);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the custom integrations' HTTP client", e);
        }
    }

    /** Jetty asks here for every new connection: the checked addresses are the ones it connects to. */
    private static void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        Thread.ofVirtual().name("integration-dns").start(() -> {
            List<InetAddress> addresses;
            try {
                addresses = AddressPolicy.resolve(host);
            } catch (CustomIntegrationException e) {
                promise.failed(e);
                return;
            } catch (RuntimeException e) {
                promise.failed(CustomIntegrationException.unreachable("cannot resolve " + host));
                return;
            }
            promise.succeeded(addresses.stream().map(a -> new InetSocketAddress(a, port)).toList());
        });
    }

    /**
     * Sends the request and reads the answer.
     *
     * @param integration for its time and size limits and, in messages, its host
     * @throws CustomIntegrationException 502 when it cannot connect, the address or a redirect is refused, or the
     *     answer is too large; 504 past the time limit
     */
    Reply send(CustomIntegration integration, UpstreamRequest request) {
        long deadline = System.nanoTime() + integration.timeout().toNanos();
        URI uri = request.uri();
        String method = request.method();
        byte[] body = request.body();
        for (int redirects = 0; ; redirects++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw timeout(integration);
            Request r = http.newRequest(uri).method(method).timeout(left, TimeUnit.NANOSECONDS);
            boolean accept = false;
            for (Map.Entry<String, String> h : request.headers()) {
                r.headers(fields -> fields.add(h.getKey(), h.getValue()));
                accept |= h.getKey().equalsIgnoreCase("Accept");
            }
            if (!accept) r.headers(fields -> fields.put(HttpHeader.ACCEPT, "application/json"));
            if (body != null) r.body(new BytesRequestContent(request.contentType(), body));
            ContentResponse response = execute(integration, r);
            int status = response.getStatus();
            String location = response.getHeaders().get(HttpHeader.LOCATION);
            if (!isRedirect(status) || location == null) {
                return new Reply(status, response.getHeaders().get(HttpHeader.CONTENT_TYPE), response.getContent());
            }
            URI target;
            try {
                target = uri.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                throw CustomIntegrationException.unreachable("the external API redirected to an invalid URL");
            }
            if (!sameOrigin(uri, target)) {
                // NB: never followed: the credentials in the auth header are for this host only, and another host may be internal.
                throw new CustomIntegrationException(502, "redirect_refused", "The external API redirected to another host ("
                        + target.getScheme() + "://" + target.getHost() + (target.getPort() > 0 ? ":" + target.getPort() : "")
                        + "); custom integrations only call " + integration.host());
            }
            if (redirects >= MAX_REDIRECTS) throw CustomIntegrationException.unreachable("too many redirects");
            if (status == 303 || ((status == 301 || status == 302) && !method.equals("GET") && !method.equals("HEAD"))) {
                method = "GET";
                body = null;
            }
            uri = target;
        }
    }

    private ContentResponse execute(CustomIntegration integration, Request r) {
        try {
            return new CompletableResponseListener(r, integration.maxResponseBytes()).send().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.abort(e);
            throw new CustomIntegrationException(503, "interrupted", "The server is stopping");
        } catch (ExecutionException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof CustomIntegrationException c) throw c;
                if (t instanceof TimeoutException) throw timeout(integration);
                String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (t instanceof IllegalArgumentException && m.contains("capacity")) {
                    throw new CustomIntegrationException(502, "upstream_too_large", "The external API's response is larger than "
                            + integration.maxResponseBytes() + " bytes (max_response_bytes)");
                }
                if (t instanceof ConnectException || t instanceof UnresolvedAddressException) {
                    throw CustomIntegrationException.unreachable(integration.host() + ": " + (t.getMessage() == null ? "connection refused" : t.getMessage()));
                }
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw CustomIntegrationException.unreachable(integration.host() + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        }
    }

    private static CustomIntegrationException timeout(CustomIntegration integration) {
        return new CustomIntegrationException(504, "upstream_timeout", "The external API did not answer within "
                + integration.timeout().toSeconds() + " s");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return b.getScheme() != null && b.getHost() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // stopping: nothing left to do
        }
    }
}
