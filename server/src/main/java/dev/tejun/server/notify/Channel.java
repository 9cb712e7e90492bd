package dev.tejun.server.notify;

/** Where notices go: one configured way out. A send that throws is tried again later (see {@link Notifier}). */
interface Channel {

    /** The name subscriptions use: webhook, slack, teams, email, or its name under {@code notify.channels}. */
    String name();

    /** Whether a subscription to it names an address (a mail recipient). */
    default boolean needsAddress() {
        return false;
    }

    /**
     * Sends {@code n}; {@code address} is the subscription's (null when {@link #needsAddress()} is false); {@code
     * delivery} is the same for every try of one delivery, so a receiver can drop a second copy of a send a stop cut
     * off after it arrived.
     */
    void send(Notice n, String address, String delivery) throws Exception;
}
