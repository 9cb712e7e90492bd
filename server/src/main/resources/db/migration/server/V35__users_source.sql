-- Where a user signs in: 'local' (a password kept here), 'oidc' or 'ldap' (made and kept up to date by single sign-on,
-- with no password here). A local password never signs in a user that single sign-on made, nor the reverse.
ALTER TABLE users ADD COLUMN source VARCHAR(20) NOT NULL DEFAULT 'local';
