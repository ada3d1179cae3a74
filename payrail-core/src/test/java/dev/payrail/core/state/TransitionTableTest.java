package dev.payrail.core.state;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransitionTableTest {
    enum Light { RED, GREEN }

    enum Signal { GO, STOP }

    @Test
    void looks_up_rows_and_refuses_an_ambiguous_table() {
        TransitionTable<Light, Signal> table = TransitionTable.of(Light.class, Signal.class, List.of(
                new TransitionTable.Row<>(Light.RED, Signal.GO, Light.GREEN),
                new TransitionTable.Row<>(Light.GREEN, Signal.STOP, Light.RED)));

        assertThat(table.next(Light.RED, Signal.GO)).contains(Light.GREEN);
        assertThat(table.next(Light.RED, Signal.STOP)).isEmpty();
        assertThat(table.eventsFrom(Light.GREEN)).containsExactly(Signal.STOP);
        assertThatThrownBy(() -> TransitionTable.of(Light.class, Signal.class, List.of(
                new TransitionTable.Row<>(Light.RED, Signal.GO, Light.GREEN),
                new TransitionTable.Row<>(Light.RED, Signal.GO, Light.RED))))
                .hasMessageContaining("two rows for RED + GO");
    }
}
