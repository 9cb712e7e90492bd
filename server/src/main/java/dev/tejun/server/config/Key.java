package dev.tejun.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting Tejun reads from {@code tejun.yaml}, with its default and what it means. The configuration reference
 * in the README lists these same keys (a test compares them). Each key is also an environment variable: {@code
 * TEJUN_} and the key in capitals with dots and dashes as underscores ({@code server.public-url} is {@code
 * TEJUN_SERVER_PUBLIC_URL}).
 */
public enum Key {
    SERVER_HOST("server.host", Kind.TEXT, "127.0.0.1", "the address to bind (0.0.0.0: every interface)"),
    SERVER_PORT("server.port", Kind.PORT, "7070", "the port of the web UI and the API (0: any free port)"),
    SERVER_RUNBOOKS("server.runbooks", Kind.PATH, "runbooks", "the runbooks folder (a Git work tree)"),
    SERVER_PUBLIC_URL(
            "server.public-url",
            Kind.URL,
            "",
            "the URL users open (https://tejun.example.com): WebSocket Origin checks accept it, an https one makes the"
                    + " session cookie Secure"),
    SERVER_TRUSTED_PROXIES(
            "server.trusted-proxies",
            Kind.ADDRESSES,
            "",
            "addresses or CIDR ranges of reverse proxies whose X-Forwarded-For/Proto/Host count; from any other"
                    + " address those headers are ignored"),
    SERVER_TLS_KEYSTORE(
            "server.tls.keystore", Kind.PATH, "", "a PKCS#12 file with the server's key and certificate: serve HTTPS"),
    SERVER_TLS_KEYSTORE_PASSWORD_FILE(
            "server.tls.keystore-password-file", Kind.PATH, "", "a file whose first line is the keystore's password"),
    SERVER_TLS_CERT(
            "server.tls.cert", Kind.PATH, "", "a PEM certificate chain (with server.tls.key, instead of a keystore)"),
    SERVER_TLS_KEY("server.tls.key", Kind.PATH, "", "the PEM private key (PKCS#8, unencrypted) of server.tls.cert"),
    SERVER_TLS_REDIRECT_PORT(
            "server.tls.redirect-port",
            Kind.PORT,
            "",
            "also listen for plain HTTP on this port and redirect every request to HTTPS"),
    SERVER_HSTS_MAX_AGE(
            "server.hsts-max-age",
            Kind.NUMBER,
            "31536000",
            "Strict-Transport-Security max-age in seconds, sent on HTTPS answers (0: no header)"),
    HEALTH_MIN_FREE_MB(
            "health.min-free-mb",
            Kind.NUMBER,
            "100",
            "/api/health/ready answers 503 when TEJUN_HOME has less free disk than this many megabytes"),
    CELLS_TIMEOUT(
            "cells.timeout",
            Kind.DURATION,
            "1h",
            "how long a cell without timeout= may run before it is stopped (30s, 5m, 1h; 0: no limit)"),
    CELLS_OUTPUT_CAP_MB(
            "cells.output-cap-mb",
            Kind.NUMBER,
            "1024",
            "megabytes of output kept per cell; past it the cell runs on and the rest is counted and dropped"),
    CELLS_MIN_FREE_MB(
            "cells.min-free-mb",
            Kind.NUMBER,
            "100",
            "runs do not start while TEJUN_HOME has less free disk than this many megabytes (0: no check)"),
    RUNS_CAPACITY(
            "runs.capacity",
            Kind.NUMBER,
            "16",
            "headless runs (REST) this server executes at once; more wait in the run queue for this or another server"),
    LOG_FORMAT("log.format", Kind.LOG_FORMAT, "text", "text (one line per event) or json (one JSON object per line)"),
    DATABASE_URL(
            "database.url",
            Kind.TEXT,
            "",
            "a JDBC URL of the shared database (jdbc:postgresql://…); empty: SQLite in TEJUN_HOME"),
    DATABASE_USER("database.user", Kind.TEXT, "", "the database user"),
    DATABASE_PASSWORD_FILE("database.password-file", Kind.PATH, "", "a file whose first line is the database password"),
    CLUSTER_NODE_NAME(
            "cluster.node-name",
            Kind.TEXT,
            "",
            "this server's name among several on one database (unique); empty: the machine's host name and port"),
    CLUSTER_LEASE_SECONDS(
            "cluster.lease-seconds",
            Kind.NUMBER,
            "30",
            "on PostgreSQL: a server not heard from for this long is dead and its runs are marked interrupted"),
    CLUSTER_ADDRESS(
            "cluster.address",
            Kind.URL,
            "",
            "the URL the other servers of a cluster reach this one at (reads of the runs it holds are relayed there);"
                    + " empty: the address it listens on"),
    EVIDENCE_FOLDER(
            "evidence.folder",
            Kind.PATH,
            "",
            "a folder every server of a cluster mounts: each writes its runs under <folder>/<cluster.node-name>/ and"
                    + " reads the others' there (needs cluster.node-name); empty: TEJUN_HOME/evidence"),
    SSO_LOCAL_SIGN_IN(
            "sso.local-sign-in",
            Kind.LOCAL_SIGN_IN,
            "on",
            "on: local users sign in with their password; admins: only local admins (break-glass); off: nobody"),
    SSO_OIDC_ISSUER(
            "sso.oidc.issuer",
            Kind.URL,
            "",
            "the OpenID provider's issuer URL (its /.well-known/openid-configuration is read): sign-in through it"),
    SSO_OIDC_CLIENT_ID("sso.oidc.client-id", Kind.TEXT, "", "the client id Tejun is registered with at the provider"),
    SSO_OIDC_CLIENT_SECRET_FILE(
            "sso.oidc.client-secret-file",
            Kind.PATH,
            "",
            "a file whose first line is the client secret (or the environment variable TEJUN_SSO_OIDC_CLIENT_SECRET)"),
    SSO_OIDC_CLIENT_SECRET(
            "sso.oidc.client-secret",
            Kind.SECRET,
            "",
            "the client secret itself: only as the environment variable TEJUN_SSO_OIDC_CLIENT_SECRET, never in the"
                    + " file"),
    SSO_OIDC_SCOPES(
            "sso.oidc.scopes", Kind.LIST, "openid,profile,email", "the scopes asked for (openid is always asked)"),
    SSO_OIDC_USER_CLAIM(
            "sso.oidc.user-claim",
            Kind.TEXT,
            "preferred_username",
            "the ID token claim that names the Tejun user (letters, digits, _ . @ -)"),
    SSO_OIDC_GROUPS_CLAIM(
            "sso.oidc.groups-claim", Kind.TEXT, "groups", "the ID token claim that lists the user's groups"),
    SSO_OIDC_ROLE_MAP(
            "sso.oidc.role-map",
            Kind.LIST,
            "",
            "GROUP=ROLE items ([ops-admins=admin, ops=operator]): each group the user is in gives its roles"),
    SSO_OIDC_ALLOWED_GROUPS(
            "sso.oidc.allowed-groups",
            Kind.LIST,
            "",
            "when set, only members of one of these groups may sign in (always: a user whose groups map to no role"
                    + " may not)"),
    SSO_LDAP_URL(
            "sso.ldap.url",
            Kind.TEXT,
            "",
            "ldap://host:389 or ldaps://host:636 of the directory: a name that is no local user signs in there"),
    SSO_LDAP_START_TLS(
            "sso.ldap.start-tls", Kind.BOOLEAN, "false", "true: StartTLS before anything is sent on ldap://"),
    SSO_LDAP_CA_FILE(
            "sso.ldap.ca-file",
            Kind.PATH,
            "",
            "a PEM certificate the directory's TLS certificate must chain to (ldaps:// and StartTLS; unset: the JVM's trust"
                    + " store)"),
    SSO_LDAP_BIND_DN(
            "sso.ldap.bind-dn", Kind.TEXT, "", "the account that searches for users and groups (empty: anonymous)"),
    SSO_LDAP_BIND_PASSWORD_FILE(
            "sso.ldap.bind-password-file", Kind.PATH, "", "a file whose first line is the bind account's password"),
    SSO_LDAP_USER_BASE("sso.ldap.user-base", Kind.TEXT, "", "where users are searched (ou=people,dc=example,dc=com)"),
    SSO_LDAP_USER_FILTER(
            "sso.ldap.user-filter",
            Kind.TEXT,
            "(uid={0})",
            "the filter that finds the user; {0} is the name typed (escaped)"),
    SSO_LDAP_GROUP_BASE(
            "sso.ldap.group-base", Kind.TEXT, "", "where groups are searched (ou=groups,dc=example,dc=com)"),
    SSO_LDAP_GROUP_FILTER(
            "sso.ldap.group-filter",
            Kind.TEXT,
            "(member={1})",
            "the filter that finds the user's groups; {0} is the name, {1} the user's DN"),
    SSO_LDAP_GROUP_ATTRIBUTE(
            "sso.ldap.group-attribute", Kind.TEXT, "cn", "the group attribute the role map names groups by"),
    SSO_LDAP_ROLE_MAP("sso.ldap.role-map", Kind.LIST, "", "GROUP=ROLE items, as sso.oidc.role-map"),
    SSO_LDAP_ALLOWED_GROUPS(
            "sso.ldap.allowed-groups", Kind.LIST, "", "when set, only members of one of these groups may sign in"),
    GIT_COMMIT_ON_SAVE(
            "git.commit-on-save",
            Kind.BOOLEAN,
            "false",
            "true: each save from the browser or the API is a commit of that file, authored by the signed-in user"),
    GIT_REPOSITORY(
            "git.repository",
            Kind.PATH,
            "",
            "the work tree root that takes those commits when it is not the runbooks folder itself (a repository"
                    + " further up is never committed into unless named here)"),
    GIT_BRANCH_POLICY(
            "git.branch-policy",
            Kind.BRANCH_POLICY,
            "current",
            "current (commit on the checked-out branch) or per-user (each user's saves on branch tejun/USER)"),
    GIT_RELEASE_BRANCH(
            "git.release-branch",
            Kind.TEXT,
            "main",
            "the branch reviewed runbooks are merged into: protected runs (flows, schedules, protected param values)"
                    + " run only what it holds"),
    GIT_REVIEWED_FOLDERS(
            "git.reviewed-folders",
            Kind.LIST,
            "",
            "folders (in the runbooks folder) whose runbooks are all protected, as with release: reviewed"),
    GIT_REMOTE_URL(
            "git.remote.url",
            Kind.TEXT,
            "",
            "the remote the runbooks repository pulls from and pushes to (https://, ssh://, user@host:path, git://,"
                    + " or a path); empty: no remote"),
    GIT_REMOTE_BRANCH(
            "git.remote.branch", Kind.TEXT, "main", "the branch pulled and pushed (the local one of that name)"),
    GIT_REMOTE_CREDENTIAL(
            "git.remote.credential",
            Kind.TEXT,
            "",
            "credential:NAME: the row of the CMDB sheet credentials whose secret is an access token (or USER:TOKEN)"
                    + " or an SSH private key; empty: no login"),
    GIT_REMOTE_PULL_EVERY(
            "git.remote.pull-every",
            Kind.DURATION,
            "",
            "pull (and check the changed files) this often; empty: on demand"),
    GIT_WEBHOOK_SECRET(
            "git.webhook.secret",
            Kind.SECRET,
            "",
            "the push webhook's shared secret itself: only as the environment variable TEJUN_GIT_WEBHOOK_SECRET"),
    GIT_WEBHOOK_SECRET_FILE(
            "git.webhook.secret-file",
            Kind.PATH,
            "",
            "a file whose first line is the push webhook's shared secret; without one the webhook refuses every call"),
    NOTIFY_WEBHOOK_URL(
            "notify.webhook.url",
            Kind.URL,
            "",
            "channel webhook: events are POSTed here as JSON, signed in X-Tejun-Signature (sha256=HMAC of the body)"),
    NOTIFY_WEBHOOK_SECRET_FILE(
            "notify.webhook.secret-file",
            Kind.PATH,
            "",
            "a file whose first line is the webhook's HMAC key (or the environment variable"
                    + " TEJUN_NOTIFY_WEBHOOK_SECRET)"),
    NOTIFY_WEBHOOK_SECRET(
            "notify.webhook.secret",
            Kind.SECRET,
            "",
            "the HMAC key itself as an environment variable, or credential:NAME in the file (CMDB sheet credentials)"),
    NOTIFY_SLACK_URL_FILE(
            "notify.slack.url-file",
            Kind.PATH,
            "",
            "channel slack: a file whose first line is the Slack incoming-webhook URL (the URL is the secret)"),
    NOTIFY_SLACK_URL(
            "notify.slack.url",
            Kind.SECRET,
            "",
            "the Slack URL itself as an environment variable, or credential:NAME in the file"),
    NOTIFY_TEAMS_URL_FILE(
            "notify.teams.url-file",
            Kind.PATH,
            "",
            "channel teams: a file whose first line is the Microsoft Teams incoming-webhook URL"),
    NOTIFY_TEAMS_URL(
            "notify.teams.url",
            Kind.SECRET,
            "",
            "the Teams URL itself as an environment variable, or credential:NAME in the file"),
    NOTIFY_SMTP_HOST("notify.smtp.host", Kind.TEXT, "", "channel email: the SMTP server (mail.example.com)"),
    NOTIFY_SMTP_PORT("notify.smtp.port", Kind.PORT, "587", "the SMTP server's port"),
    NOTIFY_SMTP_START_TLS(
            "notify.smtp.start-tls",
            Kind.BOOLEAN,
            "true",
            "true: STARTTLS is required before anything else is sent (false only for a relay on the same machine)"),
    NOTIFY_SMTP_CA_FILE(
            "notify.smtp.ca-file",
            Kind.PATH,
            "",
            "a PEM certificate the SMTP server's certificate must chain to (empty: the JVM's trust store)"),
    NOTIFY_SMTP_USER("notify.smtp.user", Kind.TEXT, "", "the SMTP account (empty: no AUTH)"),
    NOTIFY_SMTP_PASSWORD_FILE(
            "notify.smtp.password-file", Kind.PATH, "", "a file whose first line is the SMTP account's password"),
    NOTIFY_SMTP_PASSWORD(
            "notify.smtp.password",
            Kind.SECRET,
            "",
            "the SMTP password itself as an environment variable, or credential:NAME in the file"),
    NOTIFY_SMTP_FROM("notify.smtp.from", Kind.TEXT, "", "the From address of notification mails"),
    NOTIFY_ATTEMPTS(
            "notify.attempts", Kind.NUMBER, "5", "how often a delivery is tried before it is recorded as failed"),
    NOTIFY_RETRY_SECONDS(
            "notify.retry-seconds",
            Kind.NUMBER,
            "30",
            "the wait before the second try; it doubles with each further try");

    /** How a value is written and checked. */
    public enum Kind {
        TEXT,
        PORT,
        PATH,
        URL,
        ADDRESSES,
        NUMBER, // a whole number >= 0
        LIST, // any number of values
        SECRET, // a value taken from the environment only, so it is never written into a file that gets copied
        LOCAL_SIGN_IN, // on, admins or off
        BOOLEAN, // true or false; on and off are read as the same, as YAML 1.1 and most tools take them
        BRANCH_POLICY,
        LOG_FORMAT,
        DURATION // as a cell's timeout= takes it: 30s, 5m, 1h
    }

    private final String name;
    private final Kind kind;
    private final String defaultValue;
    private final String meaning;

    Key(String name, Kind kind, String defaultValue, String meaning) {
        this.name = name;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** The dotted name in {@code tejun.yaml}. */
    public String key() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The default as it would be written in the file; empty when the setting is off unless given. */
    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** The environment variable that overrides the file. */
    public String env() {
        return "TEJUN_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Whether this secret may name a CMDB credential ({@code credential:NAME}) in the file instead: the
     * notification channels' secrets, revealed from the encrypted sheet at each send.
     */
    public boolean takesCredential() {
        return kind == Kind.SECRET && name.startsWith("notify.");
    }

    /** Whether {@code text} is a {@code credential:NAME} this key takes. */
    public boolean namesCredential(String text) {
        return takesCredential() && text.matches("credential:[^\\s:]+");
    }

    public static Optional<Key> named(String name) {
        return Arrays.stream(values()).filter(k -> k.name.equals(name)).findFirst();
    }

    /** Whether {@code prefix} is a section some key lives under ({@code server}, {@code server.tls}). */
    public static boolean isSection(String prefix) {
        return Arrays.stream(values()).anyMatch(k -> k.name.startsWith(prefix + "."));
    }
}
