package dev.payrail.server.ops;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules in ops/prometheus are valid and behave as their unit tests say (cases that fire and cases
 * that stay silent), checked by promtool. CI installs promtool and sets PAYRAIL_REQUIRE_PROMTOOL, so there a
 * missing promtool fails; on a developer machine without it the test is skipped, saying why.
 */
class AlertRulesTest {
    private static final Path RULES = Path.of("..", "ops", "prometheus");

    @Test
    void the_rules_are_valid_and_pass_their_unit_tests() throws Exception {
        boolean available = promtoolAvailable();
        if (System.getenv("PAYRAIL_REQUIRE_PROMTOOL") != null) {
            assertThat(available).as("promtool on the PATH (Debian package prometheus)").isTrue();
        }
        Assumptions.assumeTrue(available, "promtool is not installed (apt-get install prometheus)");

        assertThat(run("check", "rules", "alerts.yml")).contains("SUCCESS");
        assertThat(run("test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }

    private static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static boolean promtoolAvailable() {
        return Files.isDirectory(RULES) && java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "promtool")));
    }
}
