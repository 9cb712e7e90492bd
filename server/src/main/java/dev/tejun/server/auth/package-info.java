/**
 * Who may do what: users (bcrypt passwords), roles, browser sign-ins (HttpOnly SameSite=Strict cookie, CSRF
 * token), API tokens (stored as SHA-256), the login throttle, and {@link dev.tejun.server.auth.Access}, the one
 * check every route and socket passes through.
 */
package dev.tejun.server.auth;
