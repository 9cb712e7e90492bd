package dev.tejun.kernel.exec.java;

import jdk.jshell.execution.RemoteExecutionControl;

/**
 * Runs in the cell's JVM: JShell's own remote control, plus one command of Tejun's, {@value #LOAD_AND_RUN}, which
 * loads the classes of a snippet compiled outside JShell ({@link QuickSnippets}) and runs its entry method in one
 * round trip, where JShell's protocol takes two (a load, then an invoke).
 * <p>
 * The entry method runs through the superclass's {@code invoke}, so the frame that {@link AgentControl#stop()}
 * looks for is on the stack, and a stop or an exception is reported exactly as for an invoke.
 */
final class AgentExecution extends RemoteExecutionControl {

    /** The command's name; its argument is {@code Object[] {ClassBytecodes[] classes, String className}}. */
    static final String LOAD_AND_RUN = "tejun.loadAndRun";

    @Override
    public Object extensionCommand(String command, Object arg)
            throws RunException, EngineTerminationException, InternalException {
        if (!LOAD_AND_RUN.equals(command)) {
            return super.extensionCommand(command, arg);
        }
        Object[] args = (Object[]) arg;
        try {
            load((ClassBytecodes[]) args[0]);
        } catch (ClassInstallException | NotImplementedException e) {
            // JShell's side of the protocol does not expect a class install failure as the answer to an extension
            // command, and would take it for a broken connection
            throw new InternalException("could not load the snippet's class: " + e.getMessage());
        }
        return invoke((String) args[1], Reruns.ENTRY);
    }
}
