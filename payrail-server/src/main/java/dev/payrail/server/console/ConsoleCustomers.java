package dev.payrail.server.console;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's view of customers: one found by id or email, its saved cards (never more than brand, last four,
 * expiry and fingerprint) and its latest payments. Reads only, through the views made for the console.
 */
@Repository
class ConsoleCustomers {
    private static final int PAYMENTS_SHOWN = 50;

    private final JdbcClient jdbc;

    ConsoleCustomers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Customers whose id or email is exactly {@code text} (an index lookup), newest first. */
    List<Map<String, Object>> search(String text, int limit) {
        return jdbc.sql("""
                        select c.id, c.merchant_id, m.name as merchant_name, c.email, c.name, c.created_at, c.deleted_at
                        from console_customers c join console_merchants m on m.id = c.merchant_id
                        where c.id = :text or lower(c.email) = lower(:text)
                        order by c.created_at desc, c.id desc limit :limit""")
                .param("text", text).param("limit", limit).query().listOfRows().stream().map(ConsoleQueries::epochs).toList();
    }

    /** The customer with its saved cards and latest payments; empty when there is none. */
    Optional<Map<String, Object>> customer(String id) {
        Optional<Map<String, Object>> customer = jdbc.sql("""
                        select c.id, c.merchant_id, m.name as merchant_name, c.email, c.name, c.description,
                               c.default_payment_method, c.created_at, c.deleted_at
                        from console_customers c join console_merchants m on m.id = c.merchant_id where c.id = ?""")
                .param(id).query().listOfRows().stream().findFirst().map(ConsoleQueries::epochs);
        customer.ifPresent(c -> {
            c.put("payment_methods", jdbc.sql("""
                            select id, brand, last4, exp_month, exp_year, country, fingerprint, saved_for, attached_at
                            from console_payment_methods where customer_id = ? order by attached_at desc, id desc""")
                    .param(id).query().listOfRows().stream().map(ConsoleQueries::epochs).toList());
            c.put("payments", jdbc.sql("""
                            select id, amount, currency, status, card_brand, card_last4, off_session, setup_future_usage,
                                   failure_code, created_at
                            from console_payments where customer_id = ? order by created_at desc, id desc limit ?""")
                    .params(id, PAYMENTS_SHOWN).query().listOfRows().stream().map(ConsoleQueries::epochs).toList());
        });
        return customer;
    }
}
