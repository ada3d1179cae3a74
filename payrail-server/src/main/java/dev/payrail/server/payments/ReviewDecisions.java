package dev.payrail.server.payments;

import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.JsonParams;
import dev.payrail.server.commands.Answer;
import dev.payrail.server.commands.CommandOrigin;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an analyst does with a review, the merchant's over the API or an operator's from the console: approve (the
 * payment is captured, whole) or refuse (voided, with a reason). Each is the payment's own capture or cancel command
 * (the same pipeline, key, transition table and provider call); the review closes in the commit that applies its
 * answer. Deciding a review already decided the same way answers the payment as it is; the other way is a 409.
 */
@Service
public class ReviewDecisions {
    /** Why an analyst refuses: the cancellation reasons a merchant may give. */
    public static final Set<String> REFUSALS = Set.of("fraudulent", "requested_by_customer", "duplicate");

    private final PaymentReviews reviews;
    private final PaymentCommands commands;
    private final PaymentStore payments;
    private final ClientSecrets clientSecrets;

    ReviewDecisions(PaymentReviews reviews, PaymentCommands commands, PaymentStore payments, ClientSecrets clientSecrets) {
        this.reviews = reviews;
        this.commands = commands;
        this.payments = payments;
        this.clientSecrets = clientSecrets;
    }

    /** The refusal's {@code reason} as either surface takes it: one of {@link #REFUSALS}, {@code fraudulent} if none. */
    public static String refusalReason(JsonParams params) {
        String reason = params.optionalString("reason", 32).orElse("fraudulent");
        if (!REFUSALS.contains(reason)) {
            throw ApiException.invalid("parameter_invalid", "reason", "reason must be fraudulent, requested_by_customer or duplicate.");
        }
        return reason;
    }

    /** {@code merchantId} null: an operator's, any merchant's review. */
    public Answer approve(CommandOrigin origin, String merchantId, String reviewId) {
        PaymentReviews.Review review = review(merchantId, reviewId);
        if (!review.open()) {
            return decidedAlready(review, "approved");
        }
        return commands.capture(origin, review.merchantId(), review.paymentId(), Optional.empty());
    }

    public Answer refuse(CommandOrigin origin, String merchantId, String reviewId, String reason, Optional<String> comment) {
        PaymentReviews.Review review = review(merchantId, reviewId);
        if (!review.open()) {
            return decidedAlready(review, "refused");
        }
        comment.ifPresent(text -> reviews.annotate(review.id(), text));
        return commands.cancel(origin, review.merchantId(), review.paymentId(), reason);
    }

    public Map<String, Object> get(String merchantId, String reviewId) {
        return PaymentReviews.json(review(merchantId, reviewId));
    }

    /** Reviews of {@code status}: the open ones by deadline (the queue), the closed ones latest first. */
    public List<Map<String, Object>> list(String merchantId, String status, int limit) {
        return reviews.list(merchantId, status, limit).stream().map(PaymentReviews::json).toList();
    }

    /** The console's queue: each open review with the payment it holds, as the API shows it. */
    public List<Map<String, Object>> queue(int limit) {
        return reviews.list(null, "open", limit).stream().map(review -> {
            Map<String, Object> row = new java.util.LinkedHashMap<>(PaymentReviews.json(review));
            row.put("merchant", review.merchantId());
            row.put("payment_object", payments.findAny(review.paymentId()).map(PaymentJson::payment).orElse(null));
            return row;
        }).toList();
    }

    private PaymentReviews.Review review(String merchantId, String reviewId) {
        return reviews.find(merchantId, reviewId).orElseThrow(() -> ApiException.notFound("review", reviewId));
    }

    private Answer decidedAlready(PaymentReviews.Review review, String asked) {
        if (!review.status().equals(asked)) {
            throw ApiException.conflictBeforeRunning("review_closed", "Review " + review.id() + " was " + review.status()
                    + " already.");
        }
        Payment payment = payments.get(review.paymentId());
        return Answer.ok(PaymentJson.answer(payment, clientSecrets.of(payment.id)), payment.id);
    }
}
