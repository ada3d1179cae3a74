package dev.payrail.server.packaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import dev.payrail.server.PayrailApplication;
import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaging (docs/packaging.md) checked by what runs without a container engine: the image's configuration
 * against the server's settings, the Compose file against the files it mounts (and against Compose's own schema when
 * docker-compose is installed, as CI installs it), the Helm chart's values against its schema and its templates
 * against its values. What is not run here (building the image, starting Compose, rendering the chart) is said in
 * the README.
 */
class PackagingTest extends ApiTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    private static final Path COMPOSE = ROOT.resolve("deploy/compose/compose.yaml");
    private static final Path CHART = ROOT.resolve("deploy/helm/payrail");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(PAYRAIL_[A-Z0-9_]+)(?::([^}]*))?}");
    private static final Pattern PAYRAIL_VARIABLE = Pattern.compile("\\bPAYRAIL_[A-Z0-9_]+\\b");

    /** The server's settings: every PAYRAIL_ variable application.yml reads, with its default. */
    private static Map<String, String> serverVariables() throws IOException {
        Map<String, String> variables = new java.util.TreeMap<>();
        Matcher m = PLACEHOLDER.matcher(Files.readString(Path.of("src/main/resources/application.yml")));
        while (m.find()) {
            variables.putIfAbsent(m.group(1), m.group(2));
        }
        return variables;
    }

    private static List<String> dockerfile(String instruction) throws IOException {
        // continuation lines joined: one instruction per entry
        String joined = Files.readString(DOCKERFILE).replaceAll("\\\\\\n\\s*", " ");
        List<String> found = new ArrayList<>();
        for (String line : joined.split("\n")) {
            if (line.startsWith(instruction + " ")) {
                found.add(line.substring(instruction.length() + 1).strip());
            }
        }
        return found;
    }

    @Test
    void the_image_builds_in_stages_and_runs_as_the_server_expects() throws Exception {
        List<String> stages = dockerfile("FROM");
        assertThat(stages).as("a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(2);
        assertThat(stages.get(stages.size() - 1)).contains("-jre").doesNotContain("AS build");
        assertThat(dockerfile("COPY")).anyMatch(copy -> copy.startsWith("--from=build"));
        for (String copy : dockerfile("COPY")) {
            if (!copy.startsWith("--from")) {
                // the last word is the destination; the others, but for options, are sources in the repository
                List<String> words = List.of(copy.split("\\s+"));
                for (String source : words.subList(0, words.size() - 1)) {
                    if (!source.startsWith("--")) {
                        assertThat(ROOT.resolve(source)).as("COPY %s", source).exists();
                    }
                }
            }
        }
        // not root: a numeric user, so Kubernetes' runAsNonRoot can check it without reading /etc/passwd
        assertThat(dockerfile("USER")).singleElement().satisfies(user -> assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*"));
        String env = String.join(" ", dockerfile("ENV"));
        Map<String, String> server = serverVariables();
        assertThat(env).contains("PAYRAIL_MODE=production", "PAYRAIL_DEMO=false", "-XX:MaxRAMPercentage=");
        Set<String> exposed = new TreeSet<>(List.of(dockerfile("EXPOSE").get(0).split("\\s+")));
        assertThat(exposed).as("the ports the server listens on by default")
                .containsExactlyInAnyOrder(server.get("PAYRAIL_PORT"), server.get("PAYRAIL_STRIPE_PORT"));
        assertThat(env).contains("PAYRAIL_PORT=" + server.get("PAYRAIL_PORT"), "PAYRAIL_STRIPE_PORT=" + server.get("PAYRAIL_STRIPE_PORT"));
        String entrypoint = dockerfile("ENTRYPOINT").get(0);
        String jar = entrypoint.replaceAll(".*\"(/[^\"]+\\.jar)\".*", "$1");
        assertThat(dockerfile("HEALTHCHECK").get(0)).contains(jar).endsWith("\"healthcheck\"]");
    }

    @Test
    void the_health_check_command_answers_from_the_servers_readiness() throws Exception {
        assertThat(healthcheck(port)).as("a ready server").isZero();
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        assertThat(healthcheck(closed)).as("nothing listening").isEqualTo(1);
    }

    private static int healthcheck(int port) throws Exception {
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PayrailApplication.class.getName(), "healthcheck");
        command.environment().put("PAYRAIL_PORT", String.valueOf(port));
        Process process = command.redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    @Test
    void every_setting_the_packaging_names_is_one_the_server_reads() throws Exception {
        Set<String> server = serverVariables().keySet();
        Set<String> named = new LinkedHashSet<>();
        List<Path> files = new ArrayList<>(List.of(DOCKERFILE, COMPOSE, CHART.resolve("values.yaml")));
        try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
            templates.forEach(files::add);
        }
        for (Path file : files) {
            Matcher m = PAYRAIL_VARIABLE.matcher(Files.readString(file));
            while (m.find()) {
                named.add(m.group());
            }
        }
        assertThat(named).as("PAYRAIL_ variables the packaging sets").contains("PAYRAIL_DB_URL", "PAYRAIL_ADMIN_TOKEN",
                "PAYRAIL_CARD_KEY", "PAYRAIL_VAULT_KEKS", "PAYRAIL_MIGRATE_ON_START");
        assertThat(server).as("read by application.yml").containsAll(named);
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_compose_file_runs_payrail_locked_down_beside_postgres_prometheus_and_grafana() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("payrail", "postgres", "prometheus", "grafana", "kafka");
        assertThat((List<String>) services.get("kafka").get("profiles")).as("Kafka only when asked for").containsExactly("kafka");
        Map<String, Object> payrail = services.get("payrail");
        assertThat(payrail.get("read_only")).isEqualTo(true);
        assertThat((List<String>) payrail.get("tmpfs")).anyMatch(t -> t.startsWith("/tmp"));
        assertThat(payrail.get("user")).isEqualTo(dockerfile("USER").get(0));
        assertThat((List<String>) payrail.get("ports")).contains("8080:" + serverVariables().get("PAYRAIL_PORT"));
        Map<String, Object> env = (Map<String, Object>) payrail.get("environment");
        assertThat(String.valueOf(env.get("PAYRAIL_DB_URL"))).startsWith("jdbc:postgresql://postgres:5432/");
        for (String secret : List.of("PAYRAIL_ADMIN_TOKEN", "PAYRAIL_CARD_KEY", "PAYRAIL_VAULT_KEKS")) {
            assertThat(String.valueOf(env.get(secret))).as("%s must be given, never defaulted", secret).contains(":?");
        }
        // every file mounted exists, where the services' own configuration looks for it
        Path dir = COMPOSE.getParent();
        Map<String, String> mounts = new java.util.HashMap<>();
        for (Map<String, Object> service : services.values()) {
            for (String volume : (List<String>) service.getOrDefault("volumes", List.of())) {
                String[] parts = volume.split(":");
                if (parts[0].startsWith(".")) {
                    assertThat(dir.resolve(parts[0]).normalize()).as(volume).exists();
                    mounts.put(dir.resolve(parts[0]).normalize().toString(), parts[1]);
                }
            }
        }
        Map<String, Object> prometheus = new Yaml().load(Files.readString(dir.resolve("prometheus.yml")));
        assertThat((List<String>) prometheus.get("rule_files"))
                .containsExactly(mounts.get(ROOT.resolve("ops/prometheus/alerts.yml").toString()));
        Map<String, Object> scrape = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(new dev.payrail.server.support.ApiClient(baseUrl(), null).getText("/actuator/prometheus"))
                .as("the path Prometheus scrapes").contains("payrail_");
        Map<String, Object> dashboards = new Yaml().load(Files.readString(dir.resolve("grafana/dashboards.yml")));
        String dashboardDir = (String) ((Map<String, Object>) ((List<Map<String, Object>>) dashboards.get("providers")).get(0)
                .get("options")).get("path");
        assertThat(mounts.get(ROOT.resolve("ops/grafana/payrail.json").toString())).startsWith(dashboardDir + "/");

        Path dockerCompose = Path.of("/usr/bin/docker-compose");
        if (System.getenv("PAYRAIL_REQUIRE_COMPOSE") != null) {
            assertThat(dockerCompose).as("docker-compose (Debian package docker-compose)").isExecutable();
        }
        Assumptions.assumeTrue(Files.isExecutable(dockerCompose), "docker-compose is not installed: its schema check is skipped");
        ProcessBuilder config = new ProcessBuilder(dockerCompose.toString(), "-f", COMPOSE.toString(), "config", "--quiet");
        config.environment().putAll(Map.of("PAYRAIL_ADMIN_TOKEN", "t", "PAYRAIL_CARD_KEY", "k", "PAYRAIL_VAULT_KEKS", "k1:k"));
        Process checked = config.redirectErrorStream(true).start();
        String output = new String(checked.getInputStream().readAllBytes());
        assertThat(checked.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(checked.exitValue()).as("docker-compose config: " + output).isZero();
        // without the secrets it refuses, naming the first missing one
        ProcessBuilder unset = new ProcessBuilder(dockerCompose.toString(), "-f", COMPOSE.toString(), "config", "--quiet");
        List.of("PAYRAIL_ADMIN_TOKEN", "PAYRAIL_CARD_KEY", "PAYRAIL_VAULT_KEKS").forEach(unset.environment()::remove);
        Process refused = unset.redirectErrorStream(true).start();
        String refusal = new String(refused.getInputStream().readAllBytes());
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isNotZero();
        assertThat(refusal).contains("set PAYRAIL_ADMIN_TOKEN to a random token");
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_charts_values_match_its_schema_and_its_templates_name_only_values_that_exist() throws Exception {
        Map<String, Object> chart = new Yaml().load(Files.readString(CHART.resolve("Chart.yaml")));
        assertThat(chart.get("apiVersion")).isEqualTo("v2");
        String projectVersion = Files.readString(ROOT.resolve("pom.xml")).replaceAll("(?s).*?<artifactId>payrail-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertThat(chart.get("appVersion")).as("the image tag the chart runs by default").isEqualTo(projectVersion);

        Map<String, Object> values = new Yaml().load(Files.readString(CHART.resolve("values.yaml")));
        assertThat(validate(values).isSuccess()).as(validate(values).toString()).isTrue();
        Map<String, Object> typo = new java.util.LinkedHashMap<>(values);
        typo.put("replicas", 3);
        assertThat(validate(typo).isSuccess()).as("an unknown key is refused").isFalse();
        Map<String, Object> badEnv = new java.util.LinkedHashMap<>(values);
        badEnv.put("env", Map.of("SPRING_PROFILES_ACTIVE", "x"));
        assertThat(validate(badEnv).isSuccess()).as("env takes Payrail's variables only").isFalse();

        String helpers = Files.readString(CHART.resolve("templates/_helpers.tpl"));
        Set<String> defined = new TreeSet<>();
        Matcher define = Pattern.compile("define \"([^\"]+)\"").matcher(helpers);
        while (define.find()) {
            defined.add(define.group(1));
        }
        Map<String, String> kinds = new java.util.TreeMap<>();
        try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
            for (Path template : templates.toList()) {
                String text = Files.readString(template);
                Matcher ref = Pattern.compile("\\.Values\\.([A-Za-z0-9_.]+)").matcher(text);
                while (ref.find()) {
                    assertThat(lookup(values, ref.group(1))).as("%s names .Values.%s", template.getFileName(), ref.group(1)).isTrue();
                }
                Matcher include = Pattern.compile("include \"([^\"]+)\"").matcher(text);
                while (include.find()) {
                    assertThat(defined).as("%s includes %s", template.getFileName(), include.group(1)).contains(include.group(1));
                }
                Matcher kind = Pattern.compile("(?m)^kind: (\\w+)").matcher(text);
                if (kind.find()) {
                    kinds.put(kind.group(1), text);
                }
            }
        }
        assertThat(kinds).containsOnlyKeys("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Secret", "Job");
        String job = kinds.get("Job");
        assertThat(job).contains("helm.sh/hook: pre-install,pre-upgrade", "args: [\"migrate\"]");
        String deployment = kinds.get("Deployment");
        assertThat(deployment).contains("PAYRAIL_MIGRATE_ON_START", "maxUnavailable: 0", "preStop");
        assertThat(helpers).contains("runAsNonRoot: true", "readOnlyRootFilesystem: true",
                "runAsUser: " + dockerfile("USER").get(0).split(":")[0]);
        // the probes' paths answer on a running server: liveness while it lives, readiness once the database answers
        for (String path : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            assertThat(deployment).contains("path: " + path);
            HttpResponse<String> probe = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(probe.statusCode()).as(path).isEqualTo(200);
        }
        assertThat(helpers).as("the variables every container gets").contains("PAYRAIL_MODE", "PAYRAIL_DB_URL");
    }

    @SuppressWarnings("unchecked")
    private static boolean lookup(Map<String, Object> values, String path) {
        Object node = values;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return false;
            }
            node = ((Map<String, Object>) map).get(part);
        }
        return true;
    }

    private static ProcessingReport validate(Map<String, Object> values) throws Exception {
        ObjectMapper jackson2 = new ObjectMapper();
        return JsonSchemaFactory.byDefault()
                .getJsonSchema(jackson2.readTree(Files.readString(CHART.resolve("values.schema.json"))))
                .validate(jackson2.valueToTree(values));
    }
}
