package dev.payrail.server.database;

import dev.payrail.server.StartupRefusal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The external database's address as JDBC wants it, from either form people write: a JDBC URL
 * ({@code jdbc:postgresql://host:5432/payrail}) or PostgreSQL's own URI ({@code postgresql://user:secret@host:5432/payrail},
 * also {@code postgres://}), whose user and password are used unless PAYRAIL_DB_USER and PAYRAIL_DB_PASSWORD are set.
 * Anything else is refused in one line that never repeats a password.
 */
record DatabaseUrl(String jdbcUrl, String username, String password) {

    static DatabaseUrl of(String url, String username, String password) {
        String trimmed = url.strip();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(trimmed, username, password);
        }
        if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
            throw refusal(trimmed);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw refusal(trimmed);
        }
        if (uri.getHost() == null) {
            throw refusal(trimmed);
        }
        String user = username;
        String secret = password;
        if (uri.getRawUserInfo() != null && (username == null || username.isBlank())) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            secret = parts.length == 2 && (password == null || password.isBlank()) ? decode(parts[1]) : password;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(jdbc, user, secret);
    }

    private static StartupRefusal refusal(String url) {
        return new StartupRefusal("PAYRAIL_DB_URL is not a PostgreSQL address: '" + withoutPassword(url) + "'",
                "Set PAYRAIL_DB_URL to jdbc:postgresql://HOST:PORT/DATABASE or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
                        + " (or leave it empty for the embedded database)");
    }

    /** The URL with anything between "//" and "@" replaced, so a password never reaches a log. */
    static String withoutPassword(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
