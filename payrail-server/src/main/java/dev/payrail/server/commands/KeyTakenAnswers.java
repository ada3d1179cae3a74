package dev.payrail.server.commands;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A command its key answered for: the stored (or recovered) answer, marked as a replay. Ordered before the
 * general error handler, whose catch-all would otherwise take it for an unexpected failure.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeyTakenAnswers {

    @ExceptionHandler(KeyTaken.class)
    ResponseEntity<byte[]> taken(KeyTaken taken) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(taken.status()).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotent-Replayed", "true");
        if (taken.recovered()) {
            answer.header("Idempotent-Recovered", "true");
        }
        return answer.body(taken.body());
    }
}
