/**
 * How each kind of monitoring source's posts are read into {@link dev.tejun.kernel.alert.AlertEvent}s: the
 * Alertmanager and Grafana webhook, Zabbix's webhook media type, CloudEvents 1.0 over HTTP (structured and binary
 * modes) and any JSON through a mapping of JSON Pointers. Each reads a whole {@link
 * dev.tejun.kernel.alert.source.Delivery} or refuses it with a {@link dev.tejun.kernel.alert.MalformedEvent}, so a
 * half-read post never runs anything. Who may post (the source's credential) is the server's to check.
 */
package dev.tejun.kernel.alert.source;
