package dev.tejun.cmdb.inventory;

/**
 * Where a host's secret lives, for an executor to pass to {@code CmdbStore.revealSecret} at the last moment;
 * the inventory itself never carries secrets in clear.
 */
public record SecretRef(String sheet, long rowId, String column) {}
