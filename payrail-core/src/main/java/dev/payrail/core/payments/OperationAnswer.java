package dev.payrail.core.payments;

import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.core.money.Money;
import dev.payrail.core.providers.FailureMessages;
import dev.payrail.core.providers.OperationKind;
import dev.payrail.core.providers.OperationStatus;
import dev.payrail.core.providers.OperationTransitions;
import dev.payrail.core.providers.ProviderResult;
import dev.payrail.core.providers.ThreeDSecure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a provider's answer to one operation does to the payment it belongs to: a pure function from (the
 * payment's state, the operation, the answer) to everything that follows (the payment's next state, the
 * operation's next status, the posting, the timeline entry, the refund's end). The server persists a
 * {@link Change} as it is and decides nothing itself; the transition is keyed by the answer, as Kill Bill's
 * payment states are keyed by SUCCESS / FAILURE / PENDING / EXCEPTION.
 */
public final class OperationAnswer {

    /** The operation answered, as recorded before the call. {@code amount} is null where the kind has none. */
    public record Operation(OperationKind kind, OperationStatus status, Money amount, String reason) {
    }

    /** A journal posting the change books: {@code CAPTURE} carries the merchant's fee, the others none. */
    public record Posting(PostingEvent event, Money amount) {
    }

    /** Why a payment (or its capture, void or refund) failed, in Payrail's code and its customer-safe words. */
    public record Failure(String code, String message) {
    }

    /**
     * Everything that follows. {@code timelineType} is null when nothing is recorded (a repeated "no answer");
     * {@code refund} is the refund's end for a refund operation (null otherwise or while unknown);
     * {@code firstUnknown} is true when the payment learns now that an outcome is unknown. For a customer's
     * authentication: {@code redirectUrl} is where the provider waits for the customer (set when the payment enters
     * {@code requires_action}), {@code threeDSecure} what the authentication established, and
     * {@code closesAuthorization} is true when a cancel ends the authorization still waiting for the customer.
     */
    public record Change(PaymentState state, OperationStatus operation, Optional<Posting> posting, String timelineType,
                         Map<String, Object> timelineData, Optional<Failure> failure, RefundStatus refund,
                         boolean closesOperation, boolean firstUnknown, String providerReference, String redirectUrl,
                         ThreeDSecure threeDSecure, boolean closesAuthorization) {

        Change(PaymentState state, OperationStatus operation, Optional<Posting> posting, String timelineType,
               Map<String, Object> timelineData, Optional<Failure> failure, RefundStatus refund, boolean closesOperation,
               boolean firstUnknown, String providerReference) {
            this(state, operation, posting, timelineType, timelineData, failure, refund, closesOperation, firstUnknown,
                    providerReference, null, null, false);
        }
    }

    private OperationAnswer() {
    }

    /**
     * The change {@code result} makes, or empty when the operation is closed already (a late or repeated
     * answer changes nothing).
     */
    public static Optional<Change> decide(PaymentState state, Operation op, ProviderResult result) {
        Optional<OperationStatus> next = OperationTransitions.next(op.status(), result);
        if (next.isEmpty()) {
            return Optional.empty();
        }
        if (result instanceof ProviderResult.OutcomeUnknown unknown) {
            boolean first = op.status() == OperationStatus.IN_FLIGHT;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("operation", op.kind().wireName());
            data.put("reason", unknown.reason());
            return Optional.of(new Change(state, next.get(), Optional.empty(), first ? "payment.outcome_unknown" : null,
                    data, Optional.empty(), null, false, first, null));
        }
        if ((result instanceof ProviderResult.RequiresAction || result instanceof ProviderResult.Pending)
                && op.kind() != OperationKind.AUTHORIZE) {
            throw new IllegalArgumentException("only an authorization waits for the customer or their bank, not a "
                    + op.kind().wireName());
        }
        return Optional.of(switch (op.kind()) {
            case AUTHORIZE -> authorized(state, next.get(), result);
            case CAPTURE -> captured(state, op, next.get(), result);
            case CANCEL -> canceled(state, op, next.get(), result);
            case REFUND -> refunded(state, op, next.get(), result);
            case PAYOUT -> throw new IllegalArgumentException("a payout is not an operation of a payment");
        });
    }

    private static Change authorized(PaymentState state, OperationStatus next, ProviderResult result) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (result instanceof ProviderResult.RequiresAction action) {
            // the provider waits for the customer; the operation stays open until its decision arrives. Learning it
            // again (a lookup after a lost answer) records nothing new.
            boolean entering = state.status() != PaymentStatus.REQUIRES_ACTION;
            PaymentState after = entering ? state.on(PaymentEvent.ACTION_REQUIRED) : state;
            data.put("next_action", "redirect_to_url");
            return new Change(after, next, Optional.empty(), entering ? "payment.requires_action" : null, data,
                    Optional.empty(), null, false, false, action.providerReference(), action.redirectUrl(), null, false);
        }
        if (result instanceof ProviderResult.Pending pending) {
            // approved at the customer's bank, which settles it later: processing until the provider's webhook says
            boolean fromCustomer = state.status() == PaymentStatus.REQUIRES_ACTION;
            PaymentState after = fromCustomer ? state.on(PaymentEvent.AUTHENTICATED) : state;
            data.put("awaiting", "provider");
            return new Change(after, next, Optional.empty(), fromCustomer ? "payment.processing" : null, data,
                    Optional.empty(), null, false, false, pending.providerReference(), null, null, false);
        }
        if (result instanceof ProviderResult.Succeeded ok) {
            PaymentState after = ok.captured() ? state.authorizedAndCaptured() : state.on(PaymentEvent.AUTHORIZATION_APPROVED);
            data.put("amount_captured", after.captured().minorUnits());
            authentication(ok.threeDSecure(), data);
            Optional<Posting> posting = ok.captured() ? Optional.of(new Posting(PostingEvent.CAPTURE, after.captured()))
                    : Optional.empty();
            return new Change(after, next, posting, "payment." + after.status().wireName(), data, Optional.empty(), null,
                    true, false, ok.providerReference(), null, ok.threeDSecure(), false);
        }
        Failure failure = failure(result);
        // a customer who failed authentication may still pay with another card, and one whose issuer asks them to
        // authenticate an off-session payment may confirm it on-session; any other refusal ends the payment
        boolean authentication = result instanceof ProviderResult.Declined declined && declined.customerMayRetry();
        PaymentState after = state.on(authentication ? PaymentEvent.AUTHENTICATION_FAILED : PaymentEvent.AUTHORIZATION_FAILED);
        data.put("failure_code", failure.code());
        ThreeDSecure threeDSecure = result instanceof ProviderResult.Declined declined ? declined.threeDSecure() : null;
        authentication(threeDSecure, data);
        return new Change(after, next, Optional.empty(), "payment." + after.status().wireName(), data, Optional.of(failure),
                null, true, false, reference(result), null, threeDSecure, false);
    }

    private static void authentication(ThreeDSecure threeDSecure, Map<String, Object> data) {
        if (threeDSecure != null) {
            data.put("three_d_secure", threeDSecure.toJson());
        }
    }

    private static Change captured(PaymentState state, Operation op, OperationStatus next, ProviderResult result) {
        if (result instanceof ProviderResult.Succeeded ok) {
            PaymentState after = state.capture(op.amount());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("amount_captured", op.amount().minorUnits());
            data.put("amount_released", state.amount().minus(op.amount()).minorUnits());
            return new Change(after, next, Optional.of(new Posting(PostingEvent.CAPTURE, op.amount())), "payment.succeeded",
                    data, Optional.empty(), null, true, false, ok.providerReference());
        }
        return refused(state, next, result, "payment.capture_failed");
    }

    private static Change canceled(PaymentState state, Operation op, OperationStatus next, ProviderResult result) {
        if (result instanceof ProviderResult.Succeeded ok) {
            boolean expired = "expired".equals(op.reason());
            PaymentState after = state.on(expired ? PaymentTransitions.expiryOf(state.status()) : PaymentEvent.CANCEL);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("cancellation_reason", op.reason());
            // a payment canceled while the customer was away: its authorization, still waiting, ends with it
            boolean waitedForCustomer = state.status() == PaymentStatus.REQUIRES_ACTION;
            return new Change(after, next, Optional.empty(), "payment.canceled", data, Optional.empty(), null, true, false,
                    ok.providerReference(), null, null, waitedForCustomer);
        }
        return refused(state, next, result, "payment.cancel_failed");
    }

    /** The provider refused a capture or void: the payment stays as it was, the timeline says why. */
    private static Change refused(PaymentState state, OperationStatus next, ProviderResult result, String type) {
        Failure failure = failure(result);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("failure_code", failure.code());
        // the payment keeps its own failure fields: a refused capture does not fail the payment
        return new Change(state, next, Optional.empty(), type, data, Optional.of(failure), null, true, false,
                reference(result));
    }

    private static Change refunded(PaymentState state, Operation op, OperationStatus next, ProviderResult result) {
        boolean succeeded = result instanceof ProviderResult.Succeeded;
        PaymentState after = state.settleRefund(op.amount(), succeeded);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("amount", op.amount().minorUnits());
        Optional<Failure> failure = Optional.empty();
        if (!succeeded) {
            failure = Optional.of(failure(result));
            data.put("failure_code", failure.get().code());
        }
        Posting posting = new Posting(succeeded ? PostingEvent.REFUND_SUCCEEDED : PostingEvent.REFUND_FAILED, op.amount());
        return new Change(after, next, Optional.of(posting), succeeded ? "refund.succeeded" : "refund.failed", data,
                failure, succeeded ? RefundStatus.SUCCEEDED : RefundStatus.FAILED, true, false, reference(result));
    }

    private static Failure failure(ProviderResult result) {
        if (result instanceof ProviderResult.Declined declined) {
            return new Failure(declined.code(), FailureMessages.of(declined.code()));
        }
        if (result instanceof ProviderResult.NotReceived) {
            return new Failure("provider_unavailable", FailureMessages.of("provider_unavailable"));
        }
        throw new IllegalArgumentException("not a failure: " + result);
    }

    /** The provider's reference in an answer that carries one (an approval or a decline), else null. */
    public static String reference(ProviderResult result) {
        if (result instanceof ProviderResult.Succeeded ok) {
            return ok.providerReference();
        }
        if (result instanceof ProviderResult.Declined declined) {
            return declined.providerReference();
        }
        return null;
    }
}
