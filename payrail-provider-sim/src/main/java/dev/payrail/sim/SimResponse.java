package dev.payrail.sim;

import java.time.Duration;
import java.util.Map;

/** An HTTP answer of the simulator, with how long to hold it back before sending. */
public record SimResponse(int status, Map<String, Object> body, Duration delay) {

    public static SimResponse ok(Map<String, Object> body) {
        return new SimResponse(200, body, Duration.ZERO);
    }

    public static SimResponse error(int status, String type, String code, String message) {
        return new SimResponse(status, Map.of("error", Map.of("type", type, "code", code, "message", message)),
                Duration.ZERO);
    }

    public SimResponse delayedBy(Duration extra) {
        return new SimResponse(status, body, delay.plus(extra));
    }
}
