package dev.tejun.kernel.exec.java;

import com.sun.jdi.BooleanValue;
import com.sun.jdi.Field;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jdk.jshell.execution.JdiExecutionControl;
import jdk.jshell.execution.RemoteExecutionControl;

/**
 * The kernel's end of the command channel to {@link RemoteAgent}. Commands travel over the socket (in the
 * superclass); stopping user code goes through JDI, because the remote thread that runs it is busy and cannot
 * read a "stop" command.
 */
final class AgentControl extends JdiExecutionControl {

    /** The remote class whose frames mark "user code is running on this thread"; it holds the stop fields. */
    private static final String REMOTE_CONTROL = RemoteExecutionControl.class.getName();

    private final Object stopLock = new Object();
    private final Process process;
    private final ReplClasses repl;
    private boolean userCodeRunning; // guarded by stopLock
    private VirtualMachine vm; // guarded by this; null once disposed

    AgentControl(ObjectOutput commands, ObjectInput replies, VirtualMachine vm, Process process, ReplClasses repl) {
        super(commands, replies);
        this.vm = vm;
        this.process = process;
        this.repl = repl;
    }

    /** JShell's classes: noted, so that snippets compiled outside JShell can compile against them. */
    @Override
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        try {
            super.load(classes);
        } finally {
            repl.loaded(classes);
        }
    }

    @Override
    public void redefine(ClassBytecodes[] classes) throws ClassInstallException, EngineTerminationException {
        try {
            super.redefine(classes);
        } finally {
            repl.loaded(classes);
        }
    }

    /**
     * Loads the classes of a snippet compiled outside JShell ({@link QuickSnippets}; JShell never names them) and
     * runs the snippet, in one round trip to the agent ({@link AgentExecution}); answers as {@link #invoke} does.
     */
    String loadAndRun(ClassBytecodes[] classes, String className)
            throws RunException, EngineTerminationException, InternalException {
        return userCode(
                () -> (String) extensionCommand(AgentExecution.LOAD_AND_RUN, new Object[] {classes, className}));
    }

    Process process() {
        return process;
    }

    @Override
    public String invoke(String className, String methodName)
            throws RunException, EngineTerminationException, InternalException {
        return userCode(() -> super.invoke(className, methodName));
    }

    /** A command of the agent that runs user code. */
    @FunctionalInterface
    private interface UserCode {
        String run() throws RunException, EngineTerminationException, InternalException;
    }

    /** Runs {@code command}, marking meanwhile that {@link #stop()} has user code to stop. */
    private String userCode(UserCode command) throws RunException, EngineTerminationException, InternalException {
        synchronized (stopLock) {
            userCodeRunning = true;
        }
        try {
            return command.run();
        } finally {
            synchronized (stopLock) {
                userCodeRunning = false;
            }
        }
    }

    /**
     * Throws the remote control's prepared stop exception into the thread that runs user code. The remote side
     * turns it into a {@code StoppedException} reply, so the JVM and every definition survive.
     */
    @Override
    public void stop() throws EngineTerminationException, InternalException {
        synchronized (stopLock) {
            if (!userCodeRunning) {
                return;
            }
            VirtualMachine machine = vm();
            ObjectReference stopped = null;
            ReferenceType stoppedType = null;
            machine.suspend();
            try {
                for (ThreadReference thread : machine.allThreads()) {
                    StackFrame frame = remoteControlOnStack(thread);
                    if (frame != null) {
                        ObjectReference control = frame.thisObject();
                        ReferenceType type = frame.location().declaringType();
                        if (throwStop(machine, thread, control, type)) {
                            stopped = control;
                            stoppedType = type;
                        }
                        break;
                    }
                }
            } catch (VMDisconnectedException e) {
                throw new EngineTerminationException("the Java VM is gone");
            } catch (Exception e) {
                throw new InternalException("could not stop the remote code: " + e);
            } finally {
                machine.resume();
            }
            if (stopped != null) {
                // Cleared only after the thread runs again, so user code that swallows the stop exception
                // does not leave the remote thread spinning forever.
                setFlag(machine, stopped, stoppedType, "expectingStop", false);
            }
        }
    }

    /**
     * The frame of the remote control's method that runs user code. Its fields are read through the frame's
     * declaring type: the control is {@link AgentExecution}, and the fields are the JDK class's own.
     */
    private static StackFrame remoteControlOnStack(ThreadReference thread) throws Exception {
        for (StackFrame frame : thread.frames()) {
            String type = frame.location().declaringType().name();
            String method = frame.location().method().name();
            if (REMOTE_CONTROL.equals(type) && ("invoke".equals(method) || "varValue".equals(method))) {
                return frame;
            }
        }
        return null;
    }

    private static boolean throwStop(
            VirtualMachine machine, ThreadReference thread, ObjectReference control, ReferenceType type)
            throws Exception {
        Field inClientCode = type.fieldByName("inClientCode");
        Field stopException = type.fieldByName("stopException");
        if (!((BooleanValue) control.getValue(inClientCode)).value()) {
            return false;
        }
        // expectingStop keeps the remote thread from leaving user code before the exception lands.
        setFlag(machine, control, type, "expectingStop", true);
        thread.stop((ObjectReference) control.getValue(stopException));
        // The stop exception is only raised when the thread runs Java code again; the interrupt wakes it from
        // sleep(), wait() and the like so that happens now rather than when the sleep ends.
        thread.interrupt();
        return true;
    }

    private static void setFlag(
            VirtualMachine machine, ObjectReference control, ReferenceType type, String name, boolean value)
            throws InternalException {
        try {
            control.setValue(type.fieldByName(name), machine.mirrorOf(value));
        } catch (VMDisconnectedException e) {
            // the JVM died meanwhile; nothing left to release
        } catch (Exception e) {
            throw new InternalException("could not set " + name + " in the remote JVM: " + e);
        }
    }

    @Override
    public void close() {
        super.close();
        disposeVm(Duration.ofMillis(200));
    }

    /**
     * Detaches JDI and makes sure the process ends: it gets {@code grace} to exit by itself (so a
     * {@code System.exit(3)} is reported with exit code 3), then it is killed.
     */
    void disposeVm(Duration grace) {
        synchronized (this) {
            try {
                if (vm != null) {
                    vm.dispose();
                }
            } catch (VMDisconnectedException e) {
                // already gone, which is what we want
            } finally {
                vm = null;
            }
        }
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            killTree(process);
        }
    }

    /**
     * Kills the process and what it started, and waits a moment for them to go: in the cell sandbox the process is
     * bubblewrap, and the JVM below it would otherwise die only as its parent's death signal reaches it.
     */
    static void killTree(Process process) {
        List<ProcessHandle> below = process.descendants().toList();
        below.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        for (ProcessHandle h : below) {
            try {
                h.onExit().get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // a process that will not go in 2 s is past what waiting can help
            }
        }
    }

    @Override
    protected synchronized VirtualMachine vm() throws EngineTerminationException {
        if (vm == null) {
            throw new EngineTerminationException("the Java VM is gone");
        }
        return vm;
    }
}
