package dev.payrail.core.ledger;

import dev.payrail.core.money.CurrencyCode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of posting rules: for each {@link PostingEvent}, the lines it writes (account, side, and
 * which part of the amounts). docs/ledger.md renders this table and a test keeps the two equal. A
 * reversal is another event with its own lines (a failed refund, a won dispute, a failed payout), never an
 * edit of the original entry.
 */
public final class PostingRules {

    /** Which of the {@link PostingAmounts} a line books. */
    public enum Part { GROSS, FEE, NET }

    /** One line of a rule. */
    public record Rule(AccountType account, Side side, Part part) {
    }

    private static final Map<PostingEvent, List<Rule>> TABLE = new EnumMap<>(PostingEvent.class);

    static {
        // The provider holds the captured money for us; the merchant is owed it less Payrail's fee.
        rule(PostingEvent.CAPTURE,
                new Rule(AccountType.PROVIDER_RECEIVABLE, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.MERCHANT_PENDING, Side.CREDIT, Part.NET),
                new Rule(AccountType.PLATFORM_FEE_REVENUE, Side.CREDIT, Part.FEE));
        // A refund is taken from the merchant's available funds when it is sent (Payrail's fee stays earned).
        rule(PostingEvent.REFUND_REQUESTED,
                new Rule(AccountType.MERCHANT_AVAILABLE, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.REFUNDS_IN_FLIGHT, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.REFUND_SUCCEEDED,
                new Rule(AccountType.REFUNDS_IN_FLIGHT, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.PROVIDER_RECEIVABLE, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.REFUND_FAILED,
                new Rule(AccountType.REFUNDS_IN_FLIGHT, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.MERCHANT_AVAILABLE, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.SETTLEMENT,
                new Rule(AccountType.MERCHANT_PENDING, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.MERCHANT_AVAILABLE, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.DISPUTE_OPENED,
                new Rule(AccountType.MERCHANT_AVAILABLE, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.DISPUTES, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.DISPUTE_FEE,
                new Rule(AccountType.MERCHANT_AVAILABLE, Side.DEBIT, Part.FEE),
                new Rule(AccountType.PLATFORM_FEE_REVENUE, Side.CREDIT, Part.FEE));
        rule(PostingEvent.DISPUTE_WON,
                new Rule(AccountType.DISPUTES, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.MERCHANT_AVAILABLE, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.DISPUTE_LOST,
                new Rule(AccountType.DISPUTES, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.PROVIDER_RECEIVABLE, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.PAYOUT_CREATED,
                new Rule(AccountType.MERCHANT_AVAILABLE, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.PAYOUTS_IN_TRANSIT, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.PAYOUT_PAID,
                new Rule(AccountType.PAYOUTS_IN_TRANSIT, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.PROVIDER_RECEIVABLE, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.PAYOUT_FAILED,
                new Rule(AccountType.PAYOUTS_IN_TRANSIT, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.MERCHANT_AVAILABLE, Side.CREDIT, Part.GROSS));
        rule(PostingEvent.PROVIDER_FEE,
                new Rule(AccountType.PROVIDER_FEES, Side.DEBIT, Part.FEE),
                new Rule(AccountType.PROVIDER_RECEIVABLE, Side.CREDIT, Part.FEE));
        // A bank debit the payer's bank took back after it succeeded (a SEPA return): the merchant gives it back in
        // full, from its available funds; the provider's holding shrinks by as much. Not a refund (nobody sent it),
        // not a dispute (no evidence, no fee, no reversal).
        rule(PostingEvent.DEBIT_RETURNED,
                new Rule(AccountType.MERCHANT_AVAILABLE, Side.DEBIT, Part.GROSS),
                new Rule(AccountType.PROVIDER_RECEIVABLE, Side.CREDIT, Part.GROSS));
        for (PostingEvent event : PostingEvent.values()) {
            if (!TABLE.containsKey(event)) {
                throw new ExceptionInInitializerError("no posting rule for " + event);
            }
        }
    }

    private PostingRules() {
    }

    private static void rule(PostingEvent event, Rule... rules) {
        TABLE.put(event, List.of(rules));
    }

    /** The rules of {@code event}, in table order. */
    public static List<Rule> of(PostingEvent event) {
        return TABLE.get(event);
    }

    /**
     * The table as the Markdown rows of docs/ledger.md: event, debited and credited accounts (with the part of
     * the amounts each books), and the merchant's balance transaction type.
     */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| event | debit | credit | balance transaction |\n|---|---|---|---|\n");
        for (PostingEvent event : PostingEvent.values()) {
            table.append("| `").append(event.wireName()).append("` | ")
                    .append(side(event, Side.DEBIT)).append(" | ")
                    .append(side(event, Side.CREDIT)).append(" | ")
                    .append(event.balanceTransactionType().map(type -> "`" + type + "`").orElse("none")).append(" |\n");
        }
        return table.toString();
    }

    private static String side(PostingEvent event, Side side) {
        return TABLE.get(event).stream().filter(rule -> rule.side() == side)
                .map(rule -> rule.account().wireName() + " (" + rule.part().name().toLowerCase(java.util.Locale.ROOT) + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Who owns the accounts of one posting: the merchant, the provider that holds the money, the currency. */
    public record Parties(String merchantId, String provider, CurrencyCode currency) {
    }

    /**
     * The entry {@code event} writes for these amounts. Lines of zero are left out (no fee, no line); an
     * event whose every line is zero writes nothing, and the answer is empty.
     */
    public static java.util.Optional<JournalEntry> entry(PostingEvent event, PostingAmounts amounts, Parties parties) {
        List<JournalLine> lines = new ArrayList<>();
        for (Rule rule : TABLE.get(event)) {
            long amount = amounts.part(rule.part());
            if (amount != 0) {
                lines.add(new JournalLine(account(rule.account(), parties), rule.side(), amount));
            }
        }
        return lines.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new JournalEntry(event, lines));
    }

    private static Account account(AccountType type, Parties parties) {
        String owner = switch (type.owner()) {
            case MERCHANT -> parties.merchantId();
            case PROVIDER -> parties.provider();
            case PLATFORM -> Account.PLATFORM;
        };
        return new Account(type, owner, parties.currency());
    }
}
