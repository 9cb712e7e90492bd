package dev.tejun.kernel.event;

public enum Stream {
    STDOUT,
    STDERR
}
