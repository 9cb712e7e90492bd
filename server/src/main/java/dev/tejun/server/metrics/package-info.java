/**
 * {@code GET /metrics}: the server's figures in the Prometheus text format through Micrometer. Scraping needs an API
 * token (or sign-in) of a user with the viewer role, like every other read of the API.
 */
package dev.tejun.server.metrics;
