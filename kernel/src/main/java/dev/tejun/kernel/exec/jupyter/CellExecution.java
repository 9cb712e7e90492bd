package dev.tejun.kernel.exec.jupyter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.kernel.exec.Output;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One {@code execute_request} and everything the kernel says about it, until both its {@code execute_reply} (shell)
 * and its {@code status: idle} (iopub, after the last output) have come. Output of other requests (a thread an
 * earlier cell left running) is dropped: no cell is there to own it.
 */
final class CellExecution {

    /** How the request ended. */
    enum End {
        OK,
        ERROR,
        /** the cell was stopped and the kernel gave way (a KeyboardInterrupt in Python) */
        INTERRUPTED,
        /** the cell was stopped and the kernel did not give way in time: it was killed */
        KILLED,
        /** the kernel process ended while the cell ran */
        DIED
    }

    record Result(End end, String value, String error, Integer exitCode) {}

    private final RunningKernel kernel;
    private final Duration stopGrace;

    CellExecution(RunningKernel kernel, Duration stopGrace) {
        this.kernel = kernel;
        this.stopGrace = stopGrace;
    }

    Result run(String code, Output output, RunningKernel.Stop stop) {
        ObjectNode content = RunningKernel.empty();
        content.put("code", code);
        content.put("silent", false);
        content.put("store_history", true);
        content.putObject("user_expressions");
        // a cell that asks for input would wait for a person the run may not have
        content.put("allow_stdin", false);
        content.put("stop_on_error", true);
        String id = kernel.send(kernel.shell(), "execute_request", content);
        DisplayOutputs outputs = new DisplayOutputs(output);
        String status = null;
        boolean idle = false;
        long interruptedAt = 0;
        while (status == null || !idle) {
            if (stop.requested() && interruptedAt == 0) {
                kernel.interrupt();
                interruptedAt = System.nanoTime();
            }
            if (interruptedAt != 0 && System.nanoTime() - interruptedAt > stopGrace.toNanos()) {
                kernel.kill();
                return new Result(End.KILLED, null, null, null);
            }
            if (!kernel.alive()) {
                drain(id, outputs);
                return new Result(End.DIED, null, null, kernel.exitCode());
            }
            // Wait on the channel whose message comes next: iopub until its idle (the reply on shell comes before
            // it, and is read below whenever iopub wakes this), then shell if the reply is still missing.
            boolean onShell = idle;
            KernelMessage first = kernel.wire().await(onShell ? kernel.shell() : kernel.iopub());
            for (KernelMessage m = onShell ? kernel.wire().receive(kernel.iopub()) : first;
                    m != null;
                    m = kernel.wire().receive(kernel.iopub())) {
                if (!id.equals(m.parentId())) {
                    continue;
                }
                if (m.type().equals("status")) {
                    idle |= "idle".equals(m.content().path("execution_state").asText());
                } else {
                    outputs.accept(m);
                }
            }
            for (KernelMessage m =
                            onShell && first != null ? first : kernel.wire().receive(kernel.shell());
                    m != null;
                    m = kernel.wire().receive(kernel.shell())) {
                if (id.equals(m.parentId()) && m.type().equals("execute_reply")) {
                    status = m.content().path("status").asText("error");
                }
            }
            // interrupt replies, and input requests a cell made although it may not (allow_stdin is false)
            while (kernel.wire().receive(kernel.control()) != null
                    || kernel.wire().receive(kernel.stdin()) != null) {
                // nothing to answer
            }
        }
        if (interruptedAt != 0 && (!"ok".equals(status) || "KeyboardInterrupt".equals(outputs.errorName()))) {
            return new Result(End.INTERRUPTED, null, outputs.error(), null);
        }
        return switch (status) {
            case "ok" -> new Result(End.OK, outputs.value(), null, null);
            case "aborted" -> new Result(End.ERROR, null, "the kernel aborted the request", null);
            default -> new Result(End.ERROR, null, outputs.error() == null ? "error" : outputs.error(), null);
        };
    }

    /** Outputs that reached iopub before the process died still belong to the cell. */
    private void drain(String id, DisplayOutputs outputs) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (System.nanoTime() < until) {
            kernel.poller().poll(RunningKernel.POLL_MS);
            for (KernelMessage m = kernel.wire().receive(kernel.iopub());
                    m != null;
                    m = kernel.wire().receive(kernel.iopub())) {
                if (id.equals(m.parentId()) && !m.type().equals("status")) {
                    outputs.accept(m);
                }
            }
        }
    }
}
