package dev.tejun.kernel.exec.ssh;

/** What to do with a host whose key is not yet in known_hosts. A changed key is refused under both. */
public enum HostKeyPolicy {
    /** Refuse it: keys are added to known_hosts beforehand, by someone who checked them. */
    STRICT,
    /** Trust it on first connection and record it, like OpenSSH's {@code StrictHostKeyChecking=accept-new}. */
    ACCEPT_NEW;

    static HostKeyPolicy parse(String text) {
        return switch (text) {
            case "strict", "yes" -> STRICT;
            case "accept-new" -> ACCEPT_NEW;
            default -> throw new IllegalArgumentException("host-key-policy=" + text + " is not strict or accept-new");
        };
    }
}
