package dev.payrail.server.accountupdater;

import dev.payrail.core.cards.CardToken;
import dev.payrail.core.cards.CardUpdate;
import dev.payrail.core.providers.PaymentProvider;
import dev.payrail.core.providers.ProviderRegistry;
import dev.payrail.server.vault.SavedCards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The card networks' account updater for saved cards: every run asks, through the configured provider, about every
 * card saved to a customer, in pages of {@value #BATCH} (one inquiry each), and replaces the vault record of each card
 * the network says was reissued (a new number or expiry), keeping its {@code pm_} id, so that the next merchant-
 * initiated payment uses the new card and still cites its series. A run's cost grows with the saved cards, not with
 * payments; the networks answer such inquiries in batches, monthly at most, hence the default interval.
 */
@Service
public class AccountUpdater {
    private static final Logger log = LoggerFactory.getLogger(AccountUpdater.class);
    static final int BATCH = 100;

    private final SavedCards savedCards;
    private final ProviderRegistry providers;
    private final TransactionTemplate tx;
    private final String providerName;

    AccountUpdater(SavedCards savedCards, ProviderRegistry providers, TransactionTemplate tx,
                   @Value("${payrail.account-updater.provider:simulator}") String providerName) {
        this.savedCards = savedCards;
        this.providers = providers;
        this.tx = tx;
        this.providerName = providerName;
    }

    /** What a run did: how many saved cards it asked about, and how many the network updated. */
    public record Run(int asked, int updated) {
    }

    @Scheduled(fixedDelayString = "${payrail.account-updater.interval:24h}", initialDelayString = "${payrail.account-updater.interval:24h}")
    void scheduled() {
        Run run = run();
        log.info("account updater asked about {} saved cards; {} updated", run.asked(), run.updated());
    }

    public Run run() {
        if (!providers.names().contains(providerName)) {
            return new Run(0, 0);
        }
        PaymentProvider provider = providers.get(providerName);
        int asked = 0;
        int updated = 0;
        String after = "";
        for (List<CardToken> page = savedCards.savedAfter(after, BATCH); !page.isEmpty(); page = savedCards.savedAfter(after, BATCH)) {
            asked += page.size();
            after = page.get(page.size() - 1).paymentMethodId();
            Map<String, String> merchants = page.stream().collect(Collectors.toMap(CardToken::paymentMethodId, CardToken::merchantId));
            for (CardUpdate update : provider.cardUpdates(page)) {
                String merchantId = merchants.get(update.paymentMethodId());
                if (merchantId == null) {
                    continue;       // an answer about a card this inquiry did not name is not applied
                }
                tx.executeWithoutResult(status -> savedCards.reissued(merchantId, update, "account_updater"));
                updated++;
            }
        }
        return new Run(asked, updated);
    }
}
