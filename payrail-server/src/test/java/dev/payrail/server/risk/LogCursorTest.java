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
        assertThat(cursor.take(12, T0)).isTrue();
        assertThat(cursor.take(13, T0)).isTrue();
        cursor.advance(T0.plusSeconds(1));
        assertThat(cursor.through()).as("waits below the gap").isEqualTo(10);
        assertThat(cursor.take(12, T0)).as("read again while waiting: not applied twice").isFalse();
        // 11 commits and is read on the next pass
        assertThat(cursor.take(11, T0)).isTrue();
        cursor.advance(T0.plusSeconds(2));
        assertThat(cursor.through()).isEqualTo(13);
        assertThat(cursor.waiting()).isZero();
        assertThat(cursor.take(11, T0)).isFalse();
    }

    @Test
    void an_id_never_used_is_given_up_once_the_row_above_it_is_older_than_the_patience() {
        LogCursor cursor = new LogCursor(0, Duration.ofSeconds(5));
        cursor.take(1, T0);
        cursor.take(3, T0.plusSeconds(1));            // 2 was a batch that rolled back
        cursor.take(6, T0.plusSeconds(3));            // 4 and 5 too
        cursor.advance(T0.plusSeconds(4));
        assertThat(cursor.through()).isEqualTo(1);
        cursor.advance(T0.plusSeconds(6));
        assertThat(cursor.through()).as("3 was logged 5 s ago: 2 would have been by now").isEqualTo(3);
        assertThat(cursor.take(2, T0)).as("given up: never applied late").isFalse();
        cursor.advance(T0.plusSeconds(8));
        assertThat(cursor.through()).isEqualTo(6);
    }

    @Test
    void a_process_starting_after_old_gaps_gives_them_up_at_once() {
        // the rows of the last day read at a start: a gap between rows logged hours ago is not waited for
        LogCursor cursor = new LogCursor(99, Duration.ofSeconds(5));
        cursor.take(100, T0);
        cursor.take(105, T0);
        cursor.take(106, T0.plusSeconds(1));
        cursor.advance(T0.plus(Duration.ofHours(3)));
        assertThat(cursor.through()).isEqualTo(106);
        assertThat(cursor.waiting()).isZero();
    }
}
