package io.sandgate.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The client a trusted proxy forwards for: the nearest hop of {@code Forwarded} (RFC 7239), else
 * of {@code X-Forwarded-For}, that is not itself a trusted proxy. Hops further left than that
 * were written by the client and prove nothing.
 */
final class ForwardedClient {

    private ForwardedClient() {
    }

    /** The client's address, or {@code peer} when the headers name none that can be read. */
    static InetAddress of(Function<String, List<String>> headers, InetAddress peer, TrustedProxies proxies) {
        List<String> hops = hops(headers.apply("Forwarded"), true);
        if (hops.isEmpty()) {
            hops = hops(headers.apply("X-Forwarded-For"), false);
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = address(hops.get(i));
            if (hop == null) {
                return peer; // an obfuscated or unknown hop: nothing nearer to go by
            }
            if (!proxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private static List<String> hops(List<String> values, boolean forwarded) {
        List<String> hops = new ArrayList<>();
        if (values == null) {
            return hops;
        }
        for (String value : values) {
            for (String element : value.split(",")) {
                if (!forwarded) {
                    hops.add(element.strip());
                    continue;
                }
                for (String pair : element.split(";")) {
                    String p = pair.strip();
                    if (p.toLowerCase(Locale.ROOT).startsWith("for=")) {
                        hops.add(p.substring(4).strip());
                    }
                }
            }
        }
        return hops;
    }

    /** {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code "[2001:db8::1]:80"}, {@code 2001:db8::1}; null otherwise. */
    static InetAddress address(String hop) {
        String h = hop.strip();
        if (h.length() >= 2 && h.startsWith("\"") && h.endsWith("\"")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return null;
            }
            h = h.substring(1, end);
        } else if (h.indexOf(':') == h.lastIndexOf(':') && h.indexOf(':') > 0) {
            h = h.substring(0, h.indexOf(':')); // IPv4 with a port
        }
        if (h.isEmpty() || !h.matches("[0-9a-fA-F:.]+")) {
            return null; // "unknown", an obfuscated identifier, or a name: never looked up
        }
        try {
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
