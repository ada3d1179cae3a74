package dev.payrail.server.payments;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** /v1/refunds: refund all or part of a captured payment, as many times as the captured amount allows. */
@RestController
@RequestMapping("/v1/refunds")
public class RefundController {
    private static final Set<String> REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private final RefundCommands commands;
    private final JsonMapper json;

    RefundController(RefundCommands commands, JsonMapper json) {
        this.commands = commands;
        this.json = json;
    }

    @PostMapping
    public Map<String, Object> create(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        JsonParams params = JsonParams.parse(json, body, Set.of("payment", "amount", "reason"));
        String paymentId = params.requiredString("payment", 64);
        Optional<Long> amount = params.optionalLong("amount");
        if (amount.isPresent() && amount.get() <= 0) {
            throw ApiException.invalid("amount_invalid", "amount", "amount must be a positive integer in minor units.");
        }
        Optional<String> reason = params.optionalString("reason", 32);
        if (reason.isPresent() && !REASONS.contains(reason.get())) {
            throw ApiException.invalid("parameter_invalid", "reason",
                    "reason must be one of duplicate, fraudulent, requested_by_customer.");
        }
        return PaymentJson.refund(commands.create(caller.merchantId(), paymentId, amount, reason.orElse(null),
                caller.actor()));
    }

    @GetMapping("/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, HttpServletRequest request) {
        return PaymentJson.refund(commands.get(Caller.of(request).merchantId(), id));
    }
}
