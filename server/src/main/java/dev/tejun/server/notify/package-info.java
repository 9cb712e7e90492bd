/**
 * Notifications out (issue 18 §7): events read from the audit log as it is written ({@link
 * dev.tejun.server.notify.AuditEvents}), matched against subscriptions, and delivered to the channels {@code
 * notify.*} configures (a signed JSON webhook, Slack, Microsoft Teams, SMTP mail) off the run's threads, retried
 * with backoff and recorded in the deliveries table.
 */
package dev.tejun.server.notify;
