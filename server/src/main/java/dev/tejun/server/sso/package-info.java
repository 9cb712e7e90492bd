/**
 * Single sign-on: OpenID Connect (authorization code with PKCE, state and nonce, the ID token checked against the
 * issuer's keys) and group → role mapping shared with the LDAP directory. A user the directory vouches for is made or
 * brought up to date at each sign-in; local users stay for the first admin and break-glass.
 */
package dev.tejun.server.sso;
