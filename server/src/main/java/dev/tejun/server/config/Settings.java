package dev.tejun.server.config;

import dev.tejun.kernel.folder.GitSaves;
import dev.tejun.kernel.folder.Releases;
import dev.tejun.kernel.session.CellLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server's settings after every source was applied: defaults, then {@code tejun.yaml}, then environment
 * variables, then the command's flags. Each value is checked here, once, and a bad one is a {@link ConfigError}
 * naming where it was written and the key.
 */
public final class Settings {

    private final Map<Key, Value> values;
    private final List<NamedChannel> channels;

    private Settings(Map<Key, Value> values, List<NamedChannel> channels) {
        this.values = values;
        this.channels = List.copyOf(channels);
    }

    /** The settings of a config file's {@link ConfigFile.Contents}, the environment and the flags. */
    public static Settings of(ConfigFile.Contents file, Map<String, String> env, Map<Key, String> flags)
            throws ConfigError {
        Settings s = of(file.values(), env, flags);
        List<NamedChannel> channels = new java.util.ArrayList<>();
        for (NamedChannel c : file.channels()) {
            channels.add(c.withEnvironment(env));
        }
        return new Settings(s.values, channels);
    }

    /** The channels {@code notify.channels} names, in the file's order. */
    public List<NamedChannel> channels() {
        return channels;
    }

    /**
     * @param file  the config file's values (empty without a file)
     * @param env   the process's environment; a {@code TEJUN_…} variable of a key overrides the file
     * @param flags values given on the command line; they override everything
     */
    public static Settings of(Map<Key, Value> file, Map<String, String> env, Map<Key, String> flags)
            throws ConfigError {
        Map<Key, Value> all = new EnumMap<>(Key.class);
        for (Key k : Key.values()) {
            all.put(k, new Value(k, words(k.defaultValue()), "default"));
        }
        all.putAll(file);
        for (Key k : Key.values()) {
            String v = env.get(k.env());
            if (v != null) {
                all.put(k, new Value(k, words(v), "environment " + k.env()));
            }
        }
        flags.forEach((k, v) -> all.put(
                k, new Value(k, words(v), "--" + k.key().substring(k.key().indexOf('.') + 1))));
        Settings s = new Settings(all, List.of());
        s.check();
        return s;
    }

    /** Every setting at its default. */
    public static Settings defaults() {
        try {
            return of(Map.of(), Map.of(), Map.of());
        } catch (ConfigError e) {
            throw new IllegalStateException("a default does not pass its own check", e);
        }
    }

    private static List<String> words(String text) {
        return text.isBlank()
                ? List.of()
                : Arrays.stream(text.split(",")).map(String::strip).toList();
    }

    /** Checks every value against its kind and the rules between keys. */
    private void check() throws ConfigError {
        for (Value v : values.values()) {
            checkKind(v);
        }
        Value cert = values.get(Key.SERVER_TLS_CERT);
        Value key = values.get(Key.SERVER_TLS_KEY);
        if (cert.words().isEmpty() != key.words().isEmpty()) {
            throw (cert.words().isEmpty() ? key : cert)
                    .wrong("server.tls.cert and server.tls.key are given together (a PEM certificate and its key)");
        }
        if (!cert.words().isEmpty() && !text(Key.SERVER_TLS_KEYSTORE).isEmpty()) {
            throw values.get(Key.SERVER_TLS_KEYSTORE).wrong("give a keystore or a PEM certificate and key, not both");
        }
        if (!text(Key.SSO_OIDC_ISSUER).isEmpty() && text(Key.SSO_OIDC_CLIENT_ID).isEmpty()) {
            throw values.get(Key.SSO_OIDC_ISSUER).wrong("an OpenID provider needs sso.oidc.client-id too");
        }
        for (Key map : List.of(Key.SSO_OIDC_ROLE_MAP, Key.SSO_LDAP_ROLE_MAP)) {
            for (String item : words(map)) {
                if (!item.matches("[^=]+=[a-z]+")) {
                    throw values.get(map).wrong("'" + item + "' is not GROUP=ROLE");
                }
            }
        }
        String ldap = text(Key.SSO_LDAP_URL);
        if (!ldap.isEmpty() && !ldap.startsWith("ldap://") && !ldap.startsWith("ldaps://")) {
            throw values.get(Key.SSO_LDAP_URL).wrong("'" + ldap + "' is not an ldap:// or ldaps:// URL");
        }
        String credential = text(Key.GIT_REMOTE_CREDENTIAL);
        if (!credential.isEmpty() && !credential.matches("credential:\\S+")) {
            throw values.get(Key.GIT_REMOTE_CREDENTIAL)
                    .wrong(
                            "name a credential (credential:NAME of the CMDB sheet credentials), never the secret itself");
        }
        if (!text(Key.GIT_REMOTE_URL).isEmpty() && !text(Key.GIT_REMOTE_BRANCH).matches("[A-Za-z0-9._/-]+")) {
            throw values.get(Key.GIT_REMOTE_BRANCH).wrong("'" + text(Key.GIT_REMOTE_BRANCH) + "' is not a branch");
        }
        if (!text(Key.GIT_RELEASE_BRANCH).matches("[A-Za-z0-9._/-]+")) {
            throw values.get(Key.GIT_RELEASE_BRANCH).wrong("'" + text(Key.GIT_RELEASE_BRANCH) + "' is not a branch");
        }
        if (!text(Key.SERVER_TLS_REDIRECT_PORT).isEmpty() && !tls()) {
            throw values.get(Key.SERVER_TLS_REDIRECT_PORT)
                    .wrong("redirects to HTTPS need server.tls.keystore or server.tls.cert");
        }
    }

    private static void checkKind(Value v) throws ConfigError {
        if (v.words().size() > 1
                && v.key().kind() != Key.Kind.ADDRESSES
                && v.key().kind() != Key.Kind.LIST) {
            throw v.wrong("one value is expected, not a list");
        }
        String t = v.text();
        if (t.isEmpty()) {
            if (v.key() == Key.SERVER_PORT || v.key() == Key.SERVER_RUNBOOKS || v.key() == Key.SERVER_HOST) {
                throw v.wrong("needs a value");
            }
            return;
        }
        switch (v.key().kind()) {
            case PORT -> {
                if (!t.matches("\\d{1,5}") || Integer.parseInt(t) > 65535) {
                    throw v.wrong("'" + t + "' is not a port number (0..65535)");
                }
            }
            case NUMBER -> {
                if (!t.matches("\\d{1,12}")) {
                    throw v.wrong("'" + t + "' is not a whole number");
                }
            }
            case URL -> {
                try {
                    URI u = new URI(t);
                    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                        throw v.wrong("'" + t + "' is not an http:// or https:// URL with a host");
                    }
                } catch (URISyntaxException e) {
                    throw v.wrong("'" + t + "' is not a URL: " + e.getReason());
                }
            }
            case ADDRESSES -> {
                try {
                    TrustedProxies.parse(v.words());
                } catch (IllegalArgumentException e) {
                    throw v.wrong(e.getMessage());
                }
            }
            case LOG_FORMAT -> {
                if (!t.equals("text") && !t.equals("json")) {
                    throw v.wrong("'" + t + "' is not text or json");
                }
            }
            case LOCAL_SIGN_IN -> {
                if (!t.equals("on") && !t.equals("admins") && !t.equals("off")) {
                    throw v.wrong("'" + t + "' is not on, admins or off");
                }
            }
            case SECRET -> {
                if (!v.where().startsWith("environment") && !v.key().namesCredential(t)) {
                    throw v.wrong("a secret is not written into the config file: use "
                            + v.key().key() + "-file or the environment variable "
                            + v.key().env()
                            + (v.key().takesCredential() ? ", or credential:NAME (the CMDB sheet credentials)" : ""));
                }
            }
            case BOOLEAN -> {
                if (!List.of("true", "false", "on", "off").contains(t)) {
                    throw v.wrong("'" + t + "' is not true or false");
                }
            }
            case BRANCH_POLICY -> {
                try {
                    GitSaves.Branches.parse(t);
                } catch (IllegalArgumentException e) {
                    throw v.wrong(e.getMessage());
                }
            }
            case DURATION -> {
                try {
                    CellLimits.duration(t);
                } catch (IllegalArgumentException e) {
                    throw v.wrong("'" + t + "' is not a duration (30s, 5m, 1h; 0: none)");
                }
            }
            case TEXT, PATH, LIST -> {}
        }
    }

    /** A true/false setting: {@code true} or {@code on}. */
    public boolean isTrue(Key key) {
        String t = text(key);
        return t.equals("true") || t.equals("on");
    }

    /** The value as written, or empty when unset. */
    public String text(Key key) {
        return values.get(key).text();
    }

    /** The values of a list setting (one for a scalar), empty when unset. */
    public List<String> words(Key key) {
        return values.get(key).words();
    }

    /** Where the value came from, as messages name it. */
    public String where(Key key) {
        return values.get(key).where();
    }

    public String host() {
        return text(Key.SERVER_HOST);
    }

    public int port() {
        return Integer.parseInt(text(Key.SERVER_PORT));
    }

    public Path runbooks() {
        return Path.of(text(Key.SERVER_RUNBOOKS));
    }

    /** Null when no public URL is set. */
    public URI publicUrl() {
        String t = text(Key.SERVER_PUBLIC_URL);
        return t.isEmpty() ? null : URI.create(t);
    }

    public TrustedProxies trustedProxies() {
        return TrustedProxies.parse(values.get(Key.SERVER_TRUSTED_PROXIES).words());
    }

    /** Whether the server serves HTTPS itself. */
    public boolean tls() {
        return !text(Key.SERVER_TLS_KEYSTORE).isEmpty()
                || !text(Key.SERVER_TLS_CERT).isEmpty();
    }

    /** A path setting, or null when unset. */
    public Path path(Key key) {
        String t = text(key);
        return t.isEmpty() ? null : Path.of(t);
    }

    /** -1 when plain HTTP is not redirected. */
    public int redirectPort() {
        String t = text(Key.SERVER_TLS_REDIRECT_PORT);
        return t.isEmpty() ? -1 : Integer.parseInt(t);
    }

    public long hstsMaxAge() {
        return Long.parseLong(text(Key.SERVER_HSTS_MAX_AGE));
    }

    public long minFreeMegabytes() {
        return Long.parseLong(text(Key.HEALTH_MIN_FREE_MB));
    }

    /** What every cell runs within: the default timeout, the output cap, the free space runs need. */
    public CellLimits cellLimits() {
        long cap = Long.parseLong(text(Key.CELLS_OUTPUT_CAP_MB));
        return new CellLimits(
                CellLimits.duration(text(Key.CELLS_TIMEOUT)),
                cap == 0 ? Long.MAX_VALUE : cap << 20,
                Long.parseLong(text(Key.CELLS_MIN_FREE_MB)) << 20);
    }

    public boolean jsonLogs() {
        return text(Key.LOG_FORMAT).equals("json");
    }

    /** The {@code git.*} settings: whether and where saves are committed. */
    public GitSaves.Policy gitSaves() {
        return new GitSaves.Policy(
                isTrue(Key.GIT_COMMIT_ON_SAVE),
                path(Key.GIT_REPOSITORY),
                GitSaves.Branches.parse(text(Key.GIT_BRANCH_POLICY)));
    }

    /** The {@code git.release-branch} and {@code git.reviewed-folders} settings: which runbooks run only as reviewed. */
    public Releases releases() {
        return new Releases(text(Key.GIT_RELEASE_BRANCH), words(Key.GIT_REVIEWED_FOLDERS));
    }

    /**
     * The {@code database.*} settings under the environment names the database code reads ({@code
     * TEJUN_DATABASE_URL}, {@code TEJUN_DATABASE_USER}, {@code TEJUN_DATABASE_PASSWORD_FILE}); only the ones set.
     */
    public Map<String, String> databaseEnv() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Key k : List.of(Key.DATABASE_URL, Key.DATABASE_USER, Key.DATABASE_PASSWORD_FILE)) {
            if (!text(k).isEmpty()) {
                out.put(k.env(), text(k));
            }
        }
        return out;
    }

    /**
     * A secret setting: {@code value} (given only as an environment variable), else the first line of the file that
     * {@code file} names; empty when neither is set.
     */
    public String secret(Key value, Key file) throws ConfigError {
        String secret = text(value);
        Path f = path(file);
        if (secret.isEmpty() && f != null) {
            try {
                secret = Files.readAllLines(f).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw values.get(file).wrong("cannot read " + f + ": " + e.getMessage());
            }
        }
        return secret;
    }

    /**
     * TLS sockets that trust the PEM certificates in the file {@code caFile} names (a private CA), or the JVM's
     * trust store when it is unset.
     */
    public SSLSocketFactory trusting(Key caFile) throws ConfigError {
        Path ca = path(caFile);
        try {
            if (ca == null) {
                return (SSLSocketFactory) SSLSocketFactory.getDefault();
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(ca)) {
                int i = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("ca" + i++, cert);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw values.get(caFile).wrong("cannot read " + ca + ": " + e.getMessage());
        }
    }
}
