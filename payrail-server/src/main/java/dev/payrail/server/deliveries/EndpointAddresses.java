package dev.payrail.server.deliveries;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Keeps merchant endpoints off Payrail's own network: an endpoint whose host resolves to a loopback,
 * private, link-local or wildcard address is refused (checked at registration and again before each
 * delivery, since DNS can change), unless private addresses are allowed for local development.
 */
final class EndpointAddresses {
    private EndpointAddresses() {
    }

    /** Why the URL may not be called, or empty when it may. */
    static Optional<String> refusal(URI url, boolean allowPrivate) {
        if (allowPrivate) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                    return Optional.of(url.getHost() + " resolves to a private address (" + address.getHostAddress()
                            + "); for local development set PAYRAIL_WEBHOOKS_ALLOW_PRIVATE=true, or receive events with ./payrail listen");
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of(url.getHost() + " does not resolve");
        }
    }
}
