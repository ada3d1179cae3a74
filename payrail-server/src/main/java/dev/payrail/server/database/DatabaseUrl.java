package dev.payrail.server.database;

import dev.payrail.server.StartupRefusal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The external database's address as JDBC wants it, from either form people write: a JDBC URL
 * ({@code jdbc:postgresql://host:5432/payrail}) or PostgreSQL's own URI ({@code postgresql://user:secret@host:5432/payrail},
 * also {@code postgres://}), whose user and password are used unless PAYRAIL_DB_USER and PAYRAIL_DB_PASSWORD are set.
 * Either may name several hosts, a primary and its standbys: the driver connects to whichever is the primary
 * ({@code targetServerType=primary}, libpq's {@code target_session_attrs=read-write}; docs/high-availability.md).
 * Anything else is refused in one line that never repeats a password.
 */
record DatabaseUrl(String jdbcUrl, String username, String password) {

    static DatabaseUrl of(String url, String username, String password) {
        String trimmed = url.strip();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(trimmed, username, password);
        }
        String rest;
        if (trimmed.startsWith("postgresql://")) {
            rest = trimmed.substring("postgresql://".length());
        } else if (trimmed.startsWith("postgres://")) {
            rest = trimmed.substring("postgres://".length());
        } else {
            throw refusal(trimmed);
        }
        // java.net.URI takes one host only; libpq's URI may name several (host1:5432,host2:5432), as
        // `pg_autoctl show uri` and Patroni's docs write it for a primary and its standbys
        int pathAt = indexOfAny(rest, '/', '?');
        String authority = pathAt < 0 ? rest : rest.substring(0, pathAt);
        String afterAuthority = pathAt < 0 ? "" : rest.substring(pathAt);
        int queryAt = afterAuthority.indexOf('?');
        String path = queryAt < 0 ? afterAuthority : afterAuthority.substring(0, queryAt);
        String query = queryAt < 0 ? null : afterAuthority.substring(queryAt + 1);
        int userinfoEnd = authority.lastIndexOf('@');
        String userinfo = userinfoEnd < 0 ? null : authority.substring(0, userinfoEnd);
        String hosts = authority.substring(userinfoEnd + 1);
        if (hosts.isEmpty() || !hosts.matches("[A-Za-z0-9.\\-\\[\\]:]+(,[A-Za-z0-9.\\-\\[\\]:]+)*")) {
            throw refusal(trimmed);
        }
        String user = username;
        String secret = password;
        if (userinfo != null && (username == null || username.isBlank())) {
            String[] parts = userinfo.split(":", 2);
            user = decode(parts[0]);
            secret = parts.length == 2 && (password == null || password.isBlank()) ? decode(parts[1]) : password;
        }
        String jdbcQuery = query == null ? "" : jdbcParameters(query);
        String jdbc = "jdbc:postgresql://" + hosts + (path.isEmpty() ? "/" : path) + (jdbcQuery.isEmpty() ? "" : "?" + jdbcQuery);
        return new DatabaseUrl(jdbc, user, secret);
    }

    /**
     * libpq's parameters as the JDBC driver names them: {@code target_session_attrs} (which host of several to use)
     * becomes {@code targetServerType}; the rest (sslmode, connect_timeout's JDBC twin connectTimeout, ...) pass as written.
     */
    private static String jdbcParameters(String query) {
        List<String> parameters = new ArrayList<>();
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            String[] pair = parameter.split("=", 2);
            if (pair[0].equals("target_session_attrs") && pair.length == 2) {
                String type = switch (pair[1]) {
                    case "read-write", "primary" -> "primary";
                    case "read-only", "standby" -> "secondary";
                    case "prefer-standby" -> "preferSecondary";
                    default -> "any";
                };
                parameters.add("targetServerType=" + type);
            } else {
                parameters.add(parameter);
            }
        }
        return String.join("&", parameters);
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
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
