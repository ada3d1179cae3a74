-- Events waiting for the optional Kafka sink. A row is written in the transaction of its event (only while
-- the sink is enabled) and deleted once the broker acknowledged it; the timeline stays the source of truth.

create table kafka_outbox (
    event_id    text primary key references payment_events (id),
    event_seq   bigint not null,
    created_at  timestamptz not null default now()
);
create index kafka_outbox_in_order on kafka_outbox (event_seq);
