package dev.payrail.server.api;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

/**
 * The answer when the database cannot be reached (down, restarting, or no connection free in time),
 * wherever the failure surfaced: in a controller or in a filter before it (authentication reads keys).
 */
final class DatabaseUnavailable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

    private DatabaseUnavailable() {
    }

    /** Whether {@code failure}, or anything that caused it, says the database is unreachable. */
    static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessResourceException
                    || cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // a commit or rollback that failed (its connection died under it): the outcome is unknown, which
            // is what this answer and the key left in progress are for
            if (cause instanceof TransactionSystemException) {
                return true;
            }
            // 08: connection exceptions; 57P: the server shutting down or restarting
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A 503 to retry with the same key. The idempotency key is neither released (a retry could charge again
     * what a provider already charged) nor completed with this answer (a retry would never learn the
     * outcome): it stays in progress, as after a crash, and its recovery answers once it is stale.
     */
    static ResponseEntity<Map<String, Object>> answer(HttpServletRequest request, Throwable failure) {
        log.warn("database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), failure.toString());
        request.setAttribute(ApiErrorHandler.KEY_LEFT_IN_PROGRESS, Boolean.TRUE);
        ApiException unavailable = ApiException.of(503, "api_error", "database_unavailable",
                "Payrail could not reach its database. Retry with the same Idempotency-Key.", null);
        return ResponseEntity.status(503).header("Retry-After", "1").body(unavailable.body(RequestIds.of(request)));
    }
}
