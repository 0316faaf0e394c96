package dev.marketplace.bench;

import java.time.Duration;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark-only endpoint, active in the {@code bench} profile and not part of the public API (in Spring AOT mode
 * registered by {@link BenchEndpoints}).
 *
 * <p>{@code GET /bench/slow?ms=200} waits {@code ms} milliseconds and answers, modelling a call to a slow
 * downstream service. It sleeps instead of running {@code SELECT pg_sleep(...)}: thousands of requests each
 * holding a pooled database connection would only queue on the (deliberately small) pool, which measures the
 * pool, not how many waiting requests the server can hold. {@code bench/run.sh} uses it to compare virtual
 * threads on and off with 5,000 requests in flight.
 */
@RestController
@Profile("bench")
class SlowController {

    private static final long MAX_MS = 60_000;

    @GetMapping(path = "/bench/slow", produces = "application/json")
    Map<String, Object> slow(@RequestParam(defaultValue = "200") long ms) throws InterruptedException {
        long wait = Math.max(0, Math.min(ms, MAX_MS));
        Thread.sleep(Duration.ofMillis(wait));
        return Map.of("slept_ms", wait, "virtual", Thread.currentThread().isVirtual());
    }
}
