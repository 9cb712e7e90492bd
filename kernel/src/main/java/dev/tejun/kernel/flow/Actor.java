package dev.tejun.kernel.flow;

/**
 * Who acts on a flow instance and through which interface ({@code web}, {@code api}, {@code cli}, {@code ws}, …),
 * for its history and the audit log. A null {@code via} means the interface the instance was started through.
 */
public record Actor(String user, String via) {}
