/**
 * Each user's choices for the web pages (language, time zone), kept in {@code user_settings} and answered by
 * {@code GET/PUT /api/me/settings}; a language not chosen falls back to the browser's {@code Accept-Language}.
 */
package dev.tejun.server.settings;
