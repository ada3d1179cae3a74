package dev.payrail.core.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A state machine as one table of rows (from, event, to), indexed for lookups. Building it refuses two rows
 * for the same status and event, so the table can never be ambiguous. Payments, disputes and payouts each
 * have one; nothing else decides what may follow what.
 */
public final class TransitionTable<S extends Enum<S>, E extends Enum<E>> {

    /** One row. */
    public record Row<S, E>(S from, E event, S to) {
    }

    private final List<Row<S, E>> rows;
    private final Map<S, Map<E, S>> byFrom;

    private TransitionTable(Class<S> statuses, Class<E> events, List<Row<S, E>> rows) {
        this.rows = List.copyOf(rows);
        this.byFrom = new EnumMap<>(statuses);
        for (S status : statuses.getEnumConstants()) {
            byFrom.put(status, new EnumMap<>(events));
        }
        for (Row<S, E> row : rows) {
            if (byFrom.get(row.from()).put(row.event(), row.to()) != null) {
                throw new IllegalArgumentException("two rows for " + row.from() + " + " + row.event());
            }
        }
    }

    public static <S extends Enum<S>, E extends Enum<E>> TransitionTable<S, E> of(Class<S> statuses, Class<E> events,
                                                                               List<Row<S, E>> rows) {
        return new TransitionTable<>(statuses, events, rows);
    }

    public List<Row<S, E>> rows() {
        return rows;
    }

    /** The status after {@code event}, or empty when the table has no such row. */
    public Optional<S> next(S from, E event) {
        return Optional.ofNullable(byFrom.get(from).get(event));
    }

    public Set<E> eventsFrom(S from) {
        return Collections.unmodifiableSet(byFrom.get(from).keySet());
    }
}
