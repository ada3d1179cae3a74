package dev.payrail.server.deliveries;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointAddressesTest {

    @Test
    void private_loopback_and_link_local_hosts_are_refused_unless_allowed() {
        assertThat(EndpointAddresses.refusal(URI.create("http://127.0.0.1:8080/x"), false, false)).isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("http://10.1.2.3/x"), false, false)).isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("http://192.168.0.10/x"), false, false)).isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("http://169.254.169.254/latest/meta-data"), false, false))
                .as("cloud metadata").isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("http://[::1]/x"), false, false)).isPresent();
        assertThat(EndpointAddresses.refusal(URI.create("https://93.184.216.34/x"), false, false)).as("a public address").isEmpty();
        assertThat(EndpointAddresses.refusal(URI.create("http://127.0.0.1:8080/x"), true, false)).isEmpty();
        assertThat(EndpointAddresses.refusal(URI.create("http://127.0.0.1:8080/x"), false, true))
                .as("loopback, for a test endpoint in development").isEmpty();
        assertThat(EndpointAddresses.refusal(URI.create("http://10.1.2.3/x"), false, true))
                .as("the loopback exception is no licence for private networks").isPresent();
    }
}
