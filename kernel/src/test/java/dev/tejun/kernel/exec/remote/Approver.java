package dev.tejun.kernel.exec.remote;

import dev.tejun.kernel.flow.pause.Approval;
import dev.tejun.kernel.flow.pause.Approvals;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Test fixture: an approver who decides the first approval a cell asks for, once it is asked, as one would in the
 * notebook; keeps what the approval showed and what {@code look} saw at that moment (hosts not started yet).
 */
public final class Approver {

    private final Thread thread;
    private volatile String shown;
    private volatile String seen;

    private Approver(Approvals approvals, boolean approve, Supplier<String> look) {
        this.thread = Thread.ofVirtual().start(() -> {
            try {
                while (approvals.pending().isEmpty()) {
                    Thread.sleep(20);
                }
                Approval a = approvals.pending().getFirst();
                shown = a.message();
                seen = look.get();
                approvals.decide(a.id(), approve, "boss", approve ? "canary fine" : "no");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Approves ("canary fine") or rejects ("no") as boss. */
    public static Approver deciding(Approvals approvals, boolean approve, Supplier<String> look) {
        return new Approver(approvals, approve, look);
    }

    /** Waits for the decision (the cell is done by then); the approval's message. */
    public String shown() throws InterruptedException {
        thread.join(Duration.ofSeconds(10));
        return shown;
    }

    /** What {@code look} saw when the approval was asked. */
    public String seen() throws InterruptedException {
        thread.join(Duration.ofSeconds(10));
        return seen;
    }
}
