/**
 * Test fixtures shared by every module's tests (one fake clock). Fixtures that need the kernel's types are in the
 * kernel's test-jar: {@code RecordingOutput}, {@code FakeExecutorFactory}, {@code Sshd}.
 */
package dev.tejun.testing;
