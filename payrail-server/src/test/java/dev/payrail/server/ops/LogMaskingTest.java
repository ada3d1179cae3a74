package dev.payrail.server.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payrail's logging configuration, as shipped, in both formats: card numbers masked in messages and stack
 * traces; JSON lines that parse, one per event, carrying the request's context.
 */
class LogMaskingTest {

    @ParameterizedTest
    @ValueSource(strings = {"json", "text"})
    void a_card_number_in_a_message_or_an_exception_is_masked_in_the_output(String format) throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        PrintStream original = System.out;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // a context of its own needs one
        context.putProperty("PAYRAIL_LOG_FORMAT", format);                      // what Spring's springProperty sets
        System.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback-spring.xml"));
            context.getMDCAdapter().put("request_id", "req_abc");
            context.getMDCAdapter().put("payment_id", "pay_xyz");
            context.getMDCAdapter().put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
            context.getLogger("payrail.test").warn("charged 4242 4242 4242 4242 for order 12345",
                    new IllegalArgumentException("bad card 5555555555554444"));
            context.getLogger("payrail.test").info("debit of DE89 3704 0044 0532 0130 00 under mandate 7");
        } finally {
            context.stop();
            System.setOut(original);
        }
        String output = written.toString(StandardCharsets.UTF_8);

        assertThat(output).contains("charged 424242******4242 for order 12345")
                .contains("bad card 555555******4444")
                .contains("IllegalArgumentException")
                .doesNotContain("4242 4242 4242 4242").doesNotContain("5555555555554444")
                .contains("debit of DE" + "*".repeat(16) + "3000 under mandate 7").doesNotContain("3704 0044");
        if (format.equals("json")) {
            assertThat(output.strip().lines()).hasSize(2);
            JsonNode line = JsonMapper.builder().build().readTree(output.strip().lines().findFirst().orElseThrow());
            assertThat(line.path("level").asString()).isEqualTo("WARN");
            assertThat(line.path("request_id").asString()).isEqualTo("req_abc");
            assertThat(line.path("payment_id").asString()).isEqualTo("pay_xyz");
            assertThat(line.path("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(line.path("error").asString()).contains("IllegalArgumentException");
            assertThat(line.has("merchant_id")).as("absent context is left out").isFalse();
        }
    }
}
