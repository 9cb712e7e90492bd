/** The health check that scripts and the CLI poll to know the server is up. */
package dev.tejun.server.health;
