package dev.tejun.kernel.alert;

/** A payload that is neither an Alertmanager webhook (version 4) nor a generic event; nothing of it is run. */
public final class MalformedEvent extends IllegalArgumentException {
    public MalformedEvent(String message) {
        super(message);
    }
}
