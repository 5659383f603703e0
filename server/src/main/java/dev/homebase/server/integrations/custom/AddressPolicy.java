package dev.homebase.server.integrations.custom;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which addresses a custom integration may connect to. The rule, in one sentence: <b>a host name must
 * resolve only to public addresses; a private one is reached only when the integration's base URL
 * writes its address literally</b> ({@code http://10.0.0.7:8080}, {@code http://127.0.0.1:9000},
 * {@code http://[fd00::5]}). So {@code localhost}, or a public-looking name that resolves to
 * {@code 127.0.0.1} or {@code 169.254.169.254} (cloud metadata), is refused, while an owner who means a
 * service on the private network says so in {@code base_url}. The client connects to exactly the
 * addresses checked here (no second lookup), so a name cannot resolve to a public address for the check
 * and to a private one for the connection (DNS rebinding).
 *
 * <p>Not public: unspecified, loopback, link-local, site-local (10/8, 172.16/12, 192.168/16),
 * shared/CGNAT (100.64/10), 0/8, 192.0.0/24, benchmarking (198.18/15), reserved 240/4 and broadcast,
 * multicast, IPv6 unique-local (fc00::/7), and IPv6 addresses that embed an IPv4 one that is not public
 * (IPv4-mapped, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}).
 */
final class AddressPolicy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private AddressPolicy() {}

    /** Whether {@code host} (as in a URL; IPv6 with or without brackets) is an IP address rather than a name. */
    static boolean isLiteral(String host) {
        String h = unbracket(host);
        return IPV4.matcher(h).matches() || h.indexOf(':') >= 0;
    }

    /**
     * The addresses to connect to for {@code host}: a literal as written; a name's addresses once all are public.
     *
     * @throws CustomIntegrationException 502 when the name does not resolve, or resolves to an address that is not public
     */
    static List<InetAddress> resolve(String host) {
        String h = unbracket(host);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(h); // a literal is parsed, not looked up
        } catch (UnknownHostException e) {
            throw CustomIntegrationException.unreachable("cannot resolve " + h);
        }
        if (isLiteral(h)) return List.of(addresses);
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw CustomIntegrationException.unreachable(h + " resolves to " + a.getHostAddress() + ", a private address that custom "
                        + "integrations do not call by name (write the address itself in base_url to allow it)");
            }
        }
        return List.of(addresses);
    }

    /** Whether {@code a} is a public unicast address. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return isPublicV4(b);
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) return false; // fc00::/7 unique local
            if (first == 0x20 && (b[1] & 0xff) == 0x02) return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]}); // 2002::/16 6to4
            boolean zero80 = true;
            for (int i = 0; i < 10; i++) zero80 &= b[i] == 0;
            if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return isPublicV4(tail(b)); // ::ffff:a.b.c.d
            if (zero80 && b[10] == 0 && b[11] == 0) return false; // ::a.b.c.d (deprecated), ::, ::1
            if ((b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublicV4(tail(b)); // 64:ff9b::/96 NAT64
            }
            return true;
        }
        return false;
    }

    private static byte[] tail(byte[] b) {
        return new byte[] {b[12], b[13], b[14], b[15]};
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224) return false; // this network, private, loopback, multicast/reserved/broadcast
        if (a0 == 100 && (a1 & 0xc0) == 64) return false; // 100.64/10 shared (CGNAT)
        if (a0 == 169 && a1 == 254) return false; // link-local, cloud metadata
        if (a0 == 172 && (a1 & 0xf0) == 16) return false;
        if (a0 == 192 && a1 == 168) return false;
        if (a0 == 192 && a1 == 0 && a2 == 0) return false; // IETF protocol assignments
        if (a0 == 198 && (a1 & 0xfe) == 18) return false; // benchmarking
        return true;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
