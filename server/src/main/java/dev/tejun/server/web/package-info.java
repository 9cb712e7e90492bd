/** What the browser gets besides the API: the notebook's static files, WebJars, and the security headers. */
package dev.tejun.server.web;
