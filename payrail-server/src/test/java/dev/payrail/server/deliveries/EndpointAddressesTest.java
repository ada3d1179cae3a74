package dev.payrail.server.deliveries;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointAddressesTest {

    @Test
    void private_loopback_and_link_local_hosts_are_refused_unless_allowed() {
        assertThat(EndpointAddresses.refusal(URI.create("http://127.0.0.1:8080/x"), false)).isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("http://10.1.2.3/x"), false)).isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("http://192.168.0.10/x"), false)).isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("http://169.254.169.254/latest/meta-data"), false))
                .as("cloud metadata").isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("http://[::1]/x"), false)).isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("https://93.184.216.34/x"), false)).as("a public address").isEmpty();
        assertThat(EndpointAddresses.refusal(URI.create("http://127.0.0.1:8080/x"), true)).isEmpty();
    }
}
