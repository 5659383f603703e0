package dev.homebase.server.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} are believed:
 * {@code HOMEBASE_TRUSTED_PROXIES}, a comma-separated list of addresses or CIDR blocks
 * ({@code 10.0.0.0/8, 192.168.1.5, fd00::/8}). A request whose peer address is in the list has
 * its origin (what {@link LoginPage#requestOrigin} answers: the sign-in callback URL, the
 * {@code from_url} check, the {@code Secure} cookie flag) taken from those headers, so a server behind
 * a TLS proxy builds {@code https://app.example.com/...} URLs without {@code HOMEBASE_PUBLIC_URL}.
 * From any other address the headers are ignored: anyone can send them, and believing them would
 * let a caller choose where a provider sends codes. Only the first value of each header counts (the
 * one the outermost trusted proxy wrote when proxies are chained). Immutable and thread-safe.
 */
final class TrustedProxies {
    /** The environment variable listing the trusted proxies. */
    static final String ENV = "HOMEBASE_TRUSTED_PROXIES";
    /** The request attribute holding the forwarded origin of a trusted request. */
    static final String ORIGIN_ATTRIBUTE = "homebase.forwardedOrigin";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?");

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int full = prefix / 8;
            for (int i = 0; i < full; i++) if (address[i] != network[i]) return false;
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** The proxies listed in {@code HOMEBASE_TRUSTED_PROXIES}. @throws IllegalArgumentException when malformed */
    static TrustedProxies fromEnvironment() {
        return parse(System.getenv(ENV));
    }

    /**
     * Reads a list in the {@code HOMEBASE_TRUSTED_PROXIES} form (null or blank: none).
     *
     * @throws IllegalArgumentException naming the entry that is not an IP address or CIDR block
     */
    static TrustedProxies parse(String spec) {
        List<Block> blocks = new ArrayList<>();
        if (spec != null) {
            for (String raw : spec.split(",")) {
                String entry = raw.strip();
                if (entry.isEmpty()) continue;
                int slash = entry.indexOf('/');
                String ip = slash < 0 ? entry : entry.substring(0, slash);
                // Literals only: a host name here would mean a DNS lookup at start and trust in whatever it answers.
                if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) throw bad(entry);
                byte[] network;
                try {
                    network = InetAddress.getByName(ip).getAddress();
                } catch (UnknownHostException e) {
                    throw bad(entry);
                }
                int prefix;
                try {
                    prefix = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw bad(entry);
                }
                if (prefix < 0 || prefix > network.length * 8) throw bad(entry);
                blocks.add(new Block(network, prefix));
            }
        }
        return new TrustedProxies(blocks);
    }

    private static IllegalArgumentException bad(String entry) {
        return new IllegalArgumentException(ENV + ": \"" + entry + "\" is not an IP address or CIDR block (like 10.0.0.0/8)");
    }

    /** Whether no proxy is trusted. */
    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether the peer address {@code ip} (a literal) is a trusted proxy. */
    boolean trusts(String ip) {
        if (blocks.isEmpty() || ip == null) return false;
        String literal = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) return false;
        byte[] address;
        try {
            address = InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        for (Block b : blocks) if (b.contains(address)) return true;
        return false;
    }

    /**
     * A before-handler: for a request from a trusted proxy that forwards a scheme or a host, keeps
     * the origin they make in {@link #ORIGIN_ATTRIBUTE}. Malformed values are ignored.
     */
    void mark(Context ctx) {
        if (blocks.isEmpty()) return;
        String proto = first(ctx.header("X-Forwarded-Proto"));
        String host = first(ctx.header("X-Forwarded-Host"));
        if (proto == null && host == null) return;
        if (!trusts(ctx.req().getRemoteAddr())) return;
        String scheme = proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))
                ? proto.toLowerCase(Locale.ROOT) : ctx.scheme().toLowerCase(Locale.ROOT);
        String authority = host != null && HOST.matcher(host).matches() ? host : ctx.host();
        if (authority == null || authority.isBlank()) return;
        ctx.attribute(ORIGIN_ATTRIBUTE, scheme + "://" + authority.toLowerCase(Locale.ROOT));
    }

    private static String first(String header) {
        if (header == null) return null;
        int comma = header.indexOf(',');
        String v = (comma < 0 ? header : header.substring(0, comma)).strip();
        return v.isEmpty() ? null : v;
    }
}
