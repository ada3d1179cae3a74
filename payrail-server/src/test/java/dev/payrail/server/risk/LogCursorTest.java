package dev.payrail.server.risk;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Following a log whose ids are handed out before their rows commit: nothing applied twice, a late row not missed. */
class LogCursorTest {
    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void a_row_committed_after_a_higher_one_is_still_taken_and_nothing_twice() {
        LogCursor cursor = new LogCursor(10, Duration.ofSeconds(5));
        // 11 is still committing: 12 and 13 are read first
        assertThat(cursor.take(12)).isTrue();
        assertThat(cursor.take(13)).isTrue();
        cursor.advance(T0);
        assertThat(cursor.through()).as("waits below the gap").isEqualTo(10);
        assertThat(cursor.take(12)).as("read again while waiting: not applied twice").isFalse();
        // 11 commits and is read on the next pass
        assertThat(cursor.take(11)).isTrue();
        cursor.advance(T0.plusSeconds(1));
        assertThat(cursor.through()).isEqualTo(13);
        assertThat(cursor.waiting()).isZero();
        assertThat(cursor.take(11)).isFalse();
    }

    @Test
    void an_id_never_used_is_given_up_after_the_patience() {
        LogCursor cursor = new LogCursor(0, Duration.ofSeconds(5));
        cursor.take(1);
        cursor.take(3);            // 2 was a batch that rolled back
        cursor.advance(T0);
        assertThat(cursor.through()).isEqualTo(1);
        cursor.advance(T0.plusSeconds(4));
        assertThat(cursor.through()).isEqualTo(1);
        cursor.advance(T0.plusSeconds(6));
        assertThat(cursor.through()).isEqualTo(3);
        assertThat(cursor.take(2)).as("given up: a row appearing now is older than any reader waits for").isFalse();
    }
}
