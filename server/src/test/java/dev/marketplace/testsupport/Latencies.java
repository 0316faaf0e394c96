package dev.marketplace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/** Latency samples (ns) of the tests that show a load leaves other requests answering at idle speed. */
public final class Latencies {

    /**
     * The floor under "2× the idle p99". The server's tests run in two JVMs on a 2-core machine, so the other JVM's
     * load can fall into the loaded window and not into the idle ones: 50 ms keeps that from failing a check whose
     * failure mode (requests waiting for a pool or a thread the load holds) costs seconds, not milliseconds.
     */
    public static final Duration FLOOR = Duration.ofMillis(50);

    private Latencies() {}

    public static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /**
     * The p99 under load is at most 2× the idle p99 (idle measured on both sides of the load, so a change in the
     * machine's background load does not count), or {@link #FLOOR}.
     */
    public static void assertP99WithinIdle(
            String what, List<Long> loaded, List<Long> idleBefore, List<Long> idleAfter) {
        long idleP99 = Math.max(percentile(idleBefore, 99), percentile(idleAfter, 99));
        assertThat(percentile(loaded, 99))
                .as("%s p99 vs idle p99 (ns)", what)
                .isLessThanOrEqualTo(Math.max(2 * idleP99, FLOOR.toNanos()));
    }
}
