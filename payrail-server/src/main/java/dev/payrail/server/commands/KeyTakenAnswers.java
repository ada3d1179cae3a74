package dev.payrail.server.commands;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A command its key answered for: the stored (or recovered) answer, marked as a replay. */
@RestControllerAdvice
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
