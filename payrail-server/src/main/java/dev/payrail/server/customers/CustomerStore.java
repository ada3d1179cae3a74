package dev.payrail.server.customers;

import dev.payrail.server.database.FilteredQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Customers in PostgreSQL; every update names the version it read. */
@Repository
class CustomerStore {
    private static final String COLUMNS = "id, merchant_id, email, name, phone, description, metadata, default_payment_method, "
            + "created_at, deleted_at, version";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CustomerStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void insert(Customer c) {
        jdbc.sql("""
                        insert into customers (id, merchant_id, email, name, phone, description, metadata, created_at, version)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, 0)""")
                .params(c.id(), c.merchantId(), c.email(), c.name(), c.phone(), c.description(),
                        json.writeValueAsString(c.metadata()), Timestamp.from(c.created()))
                .update();
    }

    /** Saves every field if nobody changed the customer since {@code c} was read; false when somebody did. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean update(Customer c) {
        return jdbc.sql("""
                        update customers set email = ?, name = ?, phone = ?, description = ?, metadata = ?::jsonb,
                               default_payment_method = ?, deleted_at = ?, version = version + 1
                        where id = ? and version = ?""")
                .params(c.email(), c.name(), c.phone(), c.description(), json.writeValueAsString(c.metadata()),
                        c.defaultPaymentMethod(), c.deleted() == null ? null : Timestamp.from(c.deleted()), c.id(), c.version())
                .update() == 1;
    }

    Optional<Customer> find(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from customers where id = ? and merchant_id = ?")
                .params(id, merchantId).query(this::row).optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Customer> lock(String merchantId, String id) {
        return jdbc.sql("select " + COLUMNS + " from customers where id = ? and merchant_id = ? for update")
                .params(id, merchantId).query(this::row).optional();
    }

    /** A page of the merchant's customers (not deleted), newest first, with one more than {@code limit} if there are more. */
    List<Customer> list(String merchantId, Optional<String> email, Optional<Customer> after, int limit) {
        FilteredQuery query = new FilteredQuery("select " + COLUMNS + " from customers where merchant_id = :merchant and deleted_at is null")
                .and("lower(email) = lower(:email)", "email", email.orElse(null));
        after.ifPresent(a -> query.and("(created_at, id) < (:cursorCreated, :cursorId)",
                Map.of("cursorCreated", Timestamp.from(a.created()), "cursorId", a.id())));
        query.then("order by created_at desc, id desc limit :limit", Map.of("merchant", merchantId, "limit", limit + 1));
        return jdbc.sql(query.sql()).params(query.params()).query(this::row).list();
    }

    private Customer row(ResultSet rs, int n) throws SQLException {
        Timestamp deleted = rs.getTimestamp("deleted_at");
        return new Customer(rs.getString("id"), rs.getString("merchant_id"), rs.getString("email"), rs.getString("name"),
                rs.getString("phone"), rs.getString("description"),
                json.readValue(rs.getString("metadata"), new TypeReference<Map<String, String>>() {
                }), rs.getString("default_payment_method"), rs.getTimestamp("created_at").toInstant(),
                deleted == null ? null : deleted.toInstant(), rs.getLong("version"));
    }
}
