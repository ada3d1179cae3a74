package dev.payrail.server.commands;

import dev.payrail.server.api.ApiException;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.Map;

/**
 * A command's answer as the API gives it: status and JSON body, and the id of the object it is about (for
 * the audit row). It is what the idempotency key stores and replays, byte for byte.
 */
public record Answer(int status, Map<String, Object> body, String objectId) {

    public static Answer ok(Map<String, Object> body, String objectId) {
        return new Answer(200, body, objectId);
    }

    /** A refusal that is the command's outcome (a decline after the provider answered): stored and replayed. */
    public static Answer refused(ApiException error, String requestId, String objectId) {
        return new Answer(error.status(), error.body(requestId), objectId);
    }

    /** The HTTP answer, with the body as {@link CommandPipeline#bytes} made it (the bytes the key stored). */
    public ResponseEntity<byte[]> response(byte[] bytes) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(bytes);
    }
}
