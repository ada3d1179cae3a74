package dev.payrail.server.evidence;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration a process runs with, as an auditor may read it: every setting of Payrail, the server, the actuator,
 * Flyway and logging, resolved as the process resolved it, with every secret redacted. A setting is secret when its
 * name says so (password, secret, token, keks, credentials, hmac, encryption, api-key, operators); a URL's user
 * information and password parameter are removed whatever its name. A redacted setting says whether it is set, never its value.
 */
@Component
class ConfigurationInForce {
    private static final String[] PREFIXES = {"payrail.", "server.", "management.", "spring.flyway.", "logging.", "spring.task."};
    static final Pattern SECRET = Pattern.compile("(?i)(password|secret|token|keks|credential|hmac|encryption|api-key|operators|(^|\\.)key$)");
    private static final Pattern URL_USER = Pattern.compile("//[^/@\\s]*@");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&\\s]*");

    private final ConfigurableEnvironment environment;

    ConfigurationInForce(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    Map<String, String> settings() {
        Map<String, String> settings = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                if (settings.containsKey(name) || !relevant(name)) {
                    continue;
                }
                String value;
                try {
                    value = environment.getProperty(name);
                } catch (RuntimeException unresolvable) {
                    value = "[unresolvable]";
                }
                settings.put(name, redacted(name, value));
            }
        }
        return settings;
    }

    private static boolean relevant(String name) {
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static String redacted(String name, String value) {
        if (SECRET.matcher(name).find()) {
            return value == null || value.isBlank() ? "[not set]" : "[redacted: set]";
        }
        return value == null ? null
                : URL_PASSWORD.matcher(URL_USER.matcher(value).replaceAll("//[redacted]@")).replaceAll("$1[redacted]");
    }
}
