package dev.payrail.server.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Payrail's logging configuration, as shipped, masks card numbers in messages and in stack traces. */
class LogMaskingTest {

    @Test
    void a_card_number_in_a_message_or_an_exception_is_masked_in_the_output() throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        PrintStream original = System.out;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // a context of its own needs one
        System.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback-spring.xml"));
            context.getLogger("payrail.test").warn("charged 4242 4242 4242 4242 for order 12345",
                    new IllegalArgumentException("bad card 5555555555554444"));
        } finally {
            context.stop();
            System.setOut(original);
        }
        String output = written.toString(StandardCharsets.UTF_8);

        assertThat(output).contains("charged 424242******4242 for order 12345")
                .contains("bad card 555555******4444")
                .contains("IllegalArgumentException")
                .doesNotContain("4242 4242 4242 4242").doesNotContain("5555555555554444");
    }
}
