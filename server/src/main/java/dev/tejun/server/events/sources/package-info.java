/**
 * Monitoring sources: each has its own endpoint ({@code POST /api/events/in/NAME}), its format (Alertmanager,
 * Grafana, Zabbix, CloudEvents or a JSON mapping, read by the kernel's {@code alert.source}) and its own credential
 * (a bearer token, HTTP basic auth as Alertmanager's {@code basic_auth} sends it, or an HMAC signature of the body),
 * none of which is a user's. Admins create and delete them; the secret is shown once, at creation.
 */
package dev.tejun.server.events.sources;
