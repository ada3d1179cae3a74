package dev.payrail.server.payments;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.api.ListPage;
import dev.payrail.server.api.QueryParams;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.commands.CommandPipeline;
import dev.payrail.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The merchant's review queue (docs/risk.md): list, read, approve (capture), refuse (void). Secret key; audited. */
@RestController
class ReviewController {
    private static final Set<String> STATUSES = Set.of("open", "approved", "refused");

    private final ReviewDecisions decisions;
    private final CommandPipeline pipeline;
    private final JsonMapper json;

    ReviewController(ReviewDecisions decisions, CommandPipeline pipeline, JsonMapper json) {
        this.decisions = decisions;
        this.pipeline = pipeline;
        this.json = json;
    }

    @Operation(operationId = "listReviews", summary = "The merchant's reviews: open ones by deadline (the queue), or closed ones")
    @Parameter(name = "status", in = ParameterIn.QUERY, schema = @Schema(type = "string", allowableValues = {"open", "approved", "refused"}))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 100, default 10", schema = @Schema(type = "integer"))
    @GetMapping("/v1/reviews")
    public Map<String, Object> list(@Parameter(hidden = true) @RequestParam Map<String, String> query, HttpServletRequest request) {
        QueryParams params = QueryParams.of(query, Set.of("status", "limit"));
        String status = params.text("status").orElse("open");
        if (!STATUSES.contains(status)) {
            throw ApiException.invalid("parameter_invalid", "status", "status must be open, approved or refused.");
        }
        return ListPage.whole("/v1/reviews", decisions.list(Caller.of(request).merchantId(), status, params.limit()));
    }

    @Operation(operationId = "retrieveReview", summary = "Retrieve a review")
    @GetMapping("/v1/reviews/{id}")
    public Map<String, Object> retrieve(@PathVariable String id, HttpServletRequest request) {
        return decisions.get(Caller.of(request).merchantId(), id);
    }

    @Operation(operationId = "approveReview", summary = "Approve a review: the held payment is captured; answers the payment")
    @PostMapping("/v1/reviews/{id}/approve")
    public ResponseEntity<byte[]> approve(@PathVariable String id, HttpServletRequest request,
                                          @Parameter(hidden = true) CommandOrigin origin) {
        return pipeline.respond(decisions.approve(origin, Caller.of(request).merchantId(), id));
    }

    @Schema(name = "RefuseReview")
    record Refusal(@Schema(allowableValues = {"fraudulent", "requested_by_customer", "duplicate"}, defaultValue = "fraudulent")
                   String reason, @Schema(maxLength = 1000) String comment) {
    }

    @Operation(operationId = "refuseReview", summary = "Refuse a review: the held payment is voided, never charged; answers the payment",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = Refusal.class))))
    @PostMapping("/v1/reviews/{id}/refuse")
    public ResponseEntity<byte[]> refuse(@PathVariable String id, @Parameter(hidden = true) @RequestBody(required = false) byte[] body,
                                         HttpServletRequest request, @Parameter(hidden = true) CommandOrigin origin) {
        JsonParams params = JsonParams.parse(json, body, Set.of("reason", "comment"));
        String reason = ReviewDecisions.refusalReason(params);
        Optional<String> comment = params.optionalFreeText("comment", 1000);
        return pipeline.respond(decisions.refuse(origin, Caller.of(request).merchantId(), id, reason, comment));
    }
}
