/**
 * The {@code java} cell language: JShell with its own JVM per session, started on the first cell.
 * <p>
 * JShell's stock remote engine talks to its JVM over a socket without TCP_NODELAY, so every eval waits out
 * Nagle's algorithm and a delayed ACK (about 190 ms). This package launches the remote JVM itself through
 * JShell's public SPI ({@link jdk.jshell.execution.JdiInitiator}, {@link jdk.jshell.execution.Util}) with
 * {@link dev.tejun.kernel.exec.java.RemoteAgent} as the remote main class, which sets TCP_NODELAY on its end;
 * stopping a running cell still goes through JDI, so a busy loop can be interrupted without killing the JVM.
 * <p>
 * Declarations and imports are JShell's. A new expression or statement is compiled here in one javac pass with a
 * reused compiler context ({@link dev.tejun.kernel.exec.java.QuickSnippets}, {@link dev.tejun.kernel.exec.java.QuickJavac})
 * and run through the same agent; the same text again runs its class again ({@link dev.tejun.kernel.exec.java.Reruns}).
 */
package dev.tejun.kernel.exec.java;
