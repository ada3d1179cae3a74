package dev.payrail.server.deliveries;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Keeps merchant endpoints off Payrail's own network: an endpoint whose host resolves to a loopback,
 * private, link-local or wildcard address is refused (checked at registration and again before each
 * delivery, since DNS can change), unless private addresses are allowed for local development. One
 * exception, for a developer on one machine: a test-mode endpoint may point at this machine's loopback
 * while Payrail is not in production mode ({@code ./payrail listen} receives events there).
 */
@org.springframework.stereotype.Component
final class EndpointAddresses {
    private final boolean allowPrivate;
    private final boolean production;

    EndpointAddresses(dev.payrail.server.PayrailProperties properties) {
        this.allowPrivate = properties.deliveries().allowPrivateAddresses();
        this.production = properties.security().production();
    }

    /** Why an endpoint's URL may not be called (at registration and before each delivery), or empty when it may. */
    Optional<String> refusal(URI url, boolean livemode) {
        return refusal(url, allowPrivate, !production && !livemode);
    }

    /** Why the URL may not be called, or empty when it may. */
    static Optional<String> refusal(URI url, boolean allowPrivate, boolean allowLoopback) {
        if (allowPrivate) {
            return Optional.empty();
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(url.getHost());
            boolean loopbackOnly = java.util.Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
            if (allowLoopback && loopbackOnly) {
                return Optional.empty();
            }
            for (InetAddress address : addresses) {
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
