/**
 * The narrow interface between a session and the code that runs cells. One sub-package per cell language
 * implements it. Tests of executors run real programs; session and server tests where the process is not the
 * subject use the fake in the kernel's test-jar ({@code FakeExecutorFactory}, language {@code fake}).
 */
package dev.tejun.kernel.exec;
