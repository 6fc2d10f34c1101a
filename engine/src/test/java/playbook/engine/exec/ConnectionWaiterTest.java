package playbook.engine.exec;

import org.junit.jupiter.api.Test;
import playbook.engine.api.WaitClock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wait_for_connection's loop with a fake clock: tries, sleeps, the timeout and its message. */
class ConnectionWaiterTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final List<Long> sleeps = new ArrayList<>();
    private final WaitClock clock = new WaitClock(now::get, ms -> { sleeps.add(ms); now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms)); });

    @Test
    void aHostThatAnswersIsDoneAtTheFirstTryAfterTheDelay() {
        try (Connections c = new Connections()) {
            Map<String, Object> r = new ConnectionWaiter(c, clock).await("here", "local", Map.of(),
                    new ConnectionWaiter.Settings(2, 1, 10, 5));
            assertEquals(false, r.get("failed"), r.toString());
            assertEquals(false, r.get("changed"));
            assertEquals(2L, r.get("elapsed"), "the delay counts");
            assertEquals(List.of(2000L), sleeps);
        }
    }

    @Test
    void aHostThatNeverAnswersFailsAfterTheTimeoutNamingTheLastError() {
        try (Connections c = new Connections()) {
            // a transport this build lacks fails every try, as a refused connection would
            Map<String, Object> r = new ConnectionWaiter(c, clock).await("ghost", "winrm", Map.of(),
                    new ConnectionWaiter.Settings(0, 1, 3, 5));
            assertEquals(true, r.get("failed"), r.toString());
            String msg = (String) r.get("msg");
            assertTrue(msg.startsWith("timed out waiting for the connection to ghost after 3 s (3 tries): "), msg);
            assertTrue(msg.contains("'winrm' transport is not available"), msg);
            assertEquals(List.of(1000L, 1000L, 1000L), sleeps, "tries at 0, 1 and 2 s");
            assertEquals(3L, r.get("elapsed"));
        }
    }

    @Test
    void theLastSleepIsCutToTheDeadline() {
        try (Connections c = new Connections()) {
            Map<String, Object> r = new ConnectionWaiter(c, clock).await("ghost", "winrm", Map.of(),
                    new ConnectionWaiter.Settings(0, 2, 3, 5));
            assertFalse(r.get("msg").toString().isEmpty());
            assertEquals(List.of(2000L, 1000L), sleeps);
        }
    }
}
