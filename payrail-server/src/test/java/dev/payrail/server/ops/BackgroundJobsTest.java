package dev.payrail.server.ops;

import dev.payrail.server.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.TaskScheduler;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Background jobs (resolver, webhook worker, delivery poll, outbox relay, settlement, sweeper) run on the
 * scheduler Payrail configures. They must not queue behind each other: with Spring's default of one
 * thread, a delivery waiting up to its timeout on a slow merchant endpoint held up the resolver settling
 * unknown outcomes.
 */
class BackgroundJobsTest extends ApiTest {

    @Autowired
    TaskScheduler scheduler;

    @Test
    void two_jobs_run_at_the_same_time_instead_of_one_waiting_for_the_other() throws InterruptedException {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch bothSawEachOther = new CountDownLatch(2);
        Runnable job = () -> {
            bothRunning.countDown();
            try {
                // on a single thread the second job never starts while this one waits
                if (bothRunning.await(5, TimeUnit.SECONDS)) {
                    bothSawEachOther.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        scheduler.schedule(job, Instant.now());
        scheduler.schedule(job, Instant.now());

        assertThat(bothSawEachOther.await(15, TimeUnit.SECONDS)).as("both jobs ran at once").isTrue();
    }
}
