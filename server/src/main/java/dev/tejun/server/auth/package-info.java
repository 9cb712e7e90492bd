/** Who may do what: roles, and (to come) sign-in, sessions and API tokens. */
package dev.tejun.server.auth;
