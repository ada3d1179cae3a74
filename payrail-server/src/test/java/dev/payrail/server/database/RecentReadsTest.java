package dev.payrail.server.database;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RecentReadsTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private final RecentReads<String, String> recent = new RecentReads<>(Duration.ofSeconds(1), 3, now::get);

    private Optional<String> read(String key) {
        reads.incrementAndGet();
        return key.startsWith("known") ? Optional.of(key + "@" + now.get()) : Optional.empty();
    }

    @Test
    void a_read_is_kept_for_the_bound_and_not_a_nanosecond_longer() {
        assertThat(recent.get("known", this::read)).contains("known@0");
        now.set(Duration.ofMillis(999).toNanos());
        assertThat(recent.get("known", this::read)).as("within the bound: the kept read").contains("known@0");
        now.set(Duration.ofSeconds(1).toNanos());
        assertThat(recent.get("known", this::read)).as("at the bound: read again").contains("known@1000000000");
        assertThat(reads).hasValue(2);
    }

    @Test
    void what_was_absent_is_asked_again_and_a_forgotten_key_is_read_again() {
        assertThat(recent.get("missing", this::read)).isEmpty();
        assertThat(recent.get("missing", this::read)).isEmpty();
        assertThat(reads).as("an absent value is never kept (a key just created works at once)").hasValue(2);

        recent.get("known-a", this::read);
        recent.forget("known-a");
        recent.get("known-a", this::read);
        recent.get("known-b", this::read);
        recent.forgetAll();
        recent.get("known-b", this::read);
        assertThat(reads).hasValue(6);
    }

    @Test
    void it_holds_at_most_its_bound_of_entries() {
        for (int i = 0; i < 10; i++) {
            recent.get("known-" + i, this::read);
        }
        int before = reads.get();
        recent.get("known-9", this::read);
        assertThat(reads).as("the latest read is kept").hasValue(before);
        recent.get("known-0", this::read);
        assertThat(reads).as("an early one was let go to stay within three entries").hasValue(before + 1);
    }
}
