/**
 * Test fixtures shared by every module's tests (one fake clock, a loopback TLS certificate made by openssl). Fixtures
 * that need the kernel's types are in the kernel's test-jar: {@code RecordingOutput}, {@code FakeExecutorFactory},
 * {@code Sshd}.
 */
package dev.tejun.testing;
