package dev.payrail.server.api;

import dev.payrail.core.payments.AmountRuleException;
import dev.payrail.core.payments.PaymentRuleException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.Map;

/** Turns every failure into the JSON error shape with the right status; never leaks internals. */
@RestControllerAdvice
public class ApiErrorHandler {
    private final ErrorResponses errors;

    ApiErrorHandler(ErrorResponses errors) {
        this.errors = errors;
    }

    /** Set on the request when nothing was executed, so the idempotency filter frees the key. */
    public static final String NOT_EXECUTED = "payrail.not_executed";
    /** Set when the outcome is unknown to Payrail itself: the idempotency key must stay in progress. */
    public static final String KEY_LEFT_IN_PROGRESS = "payrail.key_left_in_progress";

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e, HttpServletRequest request) {
        if (!e.executed()) {
            request.setAttribute(NOT_EXECUTED, Boolean.TRUE);
        }
        ErrorDialect.Worded worded = errors.word(request, e);
        return ResponseEntity.status(worded.status()).body(worded.body());
    }

    @ExceptionHandler(AmountRuleException.class)
    ResponseEntity<Map<String, Object>> amountRule(AmountRuleException e, HttpServletRequest request) {
        return api(ApiException.invalid(e.code(), e.param(), e.getMessage()), request);
    }

    @ExceptionHandler(PaymentRuleException.class)
    ResponseEntity<Map<String, Object>> paymentRule(PaymentRuleException e, HttpServletRequest request) {
        return api(ApiException.conflict(e.code(), e.getMessage()), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return api(ApiException.invalid("body_invalid", null, "The request body could not be read."), request);
    }

    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badParameter(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e,
                                                     HttpServletRequest request) {
        return api(ApiException.invalid("parameter_invalid", e.getName(), e.getName() + " has the wrong type."), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return api(ApiException.of(415, "invalid_request_error", "content_type_invalid",
                "Send the body as application/json.", null), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return api(ApiException.of(405, "invalid_request_error", "method_not_allowed",
                e.getMethod() + " is not allowed here.", null), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noRoute(NoResourceFoundException e, HttpServletRequest request) {
        return api(ApiException.of(404, "invalid_request_error", "route_unknown",
                "Unrecognized request URL: " + request.getMethod() + " " + ApiSurfaces.clientPath(request.getRequestURI()), null), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        if (DatabaseUnavailable.causedBy(e)) {
            return DatabaseUnavailable.answer(request, e);
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return api(ApiException.internal(), request);
    }
}
