package dev.payrail.server.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Errors raised before Spring MVC sees the request (the servlet container refusing a malformed URL, say)
 * still answer in Payrail's JSON error shape, not the container's HTML page; a filter that could not reach
 * the database answers 503, as a controller does.
 */
@RestController
class FallbackErrors implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseUnavailable.causedBy(failure)) {
            return DatabaseUnavailable.answer(request, failure);     // a filter (authentication, say) could not read the database
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        ApiException error = status >= 500
                ? ApiException.internal()
                : ApiException.of(status, "invalid_request_error", "request_invalid",
                "The request could not be processed (HTTP " + status + ").", null);
        return ResponseEntity.status(status).body(error.body(RequestIds.of(request)));
    }
}
