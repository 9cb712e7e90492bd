package dev.tejun.server.sso;

import dev.tejun.server.auth.PasswordDirectory;
import dev.tejun.server.auth.User;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in against an LDAP directory (OpenLDAP, Active Directory) with the JDK's JNDI: the search account finds the
 * user's entry, a bind as that entry with the typed password proves it, and the groups found by the group filter
 * give the roles through the role map. Over {@code ldaps://} or with {@code start-tls} nothing, not even the search
 * account's password, is sent before TLS is up, and the directory's certificate must chain to {@code sso.ldap.ca-file}
 * (or, without it, the JVM's trust store) and name the URL's host.
 */
public final class LdapDirectory implements PasswordDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(LdapDirectory.class);
    private static final String TIMEOUT_MS = "5000";

    private final Settings settings;
    private final String bindPassword;
    private final SSLSocketFactory tls; // null: no TLS
    private final boolean ldaps; // TLS from the first byte (ldaps://); else StartTLS when tls is set
    private final RoleMapping roles;
    private final ExternalSignIn admit;

    private LdapDirectory(
            Settings settings,
            String bindPassword,
            SSLSocketFactory tls,
            boolean ldaps,
            RoleMapping roles,
            ExternalSignIn admit) {
        this.settings = settings;
        this.bindPassword = bindPassword;
        this.tls = tls;
        this.ldaps = ldaps;
        this.roles = roles;
        this.admit = admit;
    }

    /** The directory {@code sso.ldap.*} configures, or null when {@code sso.ldap.url} is not set. */
    public static LdapDirectory from(Settings s, ExternalSignIn admit) throws ConfigError {
        if (s.text(Key.SSO_LDAP_URL).isEmpty()) {
            return null;
        }
        RoleMapping roles;
        try {
            roles = RoleMapping.parse(s.words(Key.SSO_LDAP_ROLE_MAP), s.words(Key.SSO_LDAP_ALLOWED_GROUPS));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(s.where(Key.SSO_LDAP_ROLE_MAP) + ": sso.ldap.role-map: " + e.getMessage());
        }
        String password = "";
        Path file = s.path(Key.SSO_LDAP_BIND_PASSWORD_FILE);
        if (file != null) {
            try {
                password =
                        Files.readAllLines(file).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new ConfigError(s.where(Key.SSO_LDAP_BIND_PASSWORD_FILE) + ": sso.ldap.bind-password-file: "
                        + "cannot read " + file + ": " + e.getMessage());
            }
        }
        String url = s.text(Key.SSO_LDAP_URL);
        boolean ldaps =
                url.regionMatches(true, 0, "ldaps://", 0, "ldaps://".length()); // else ldap:// (Settings checks)
        if (ldaps && s.isTrue(Key.SSO_LDAP_START_TLS)) {
            throw new ConfigError(s.where(Key.SSO_LDAP_START_TLS) + ": sso.ldap.start-tls: ldaps:// is TLS from the"
                    + " start; StartTLS is for ldap://");
        }
        SSLSocketFactory tls = ldaps || s.isTrue(Key.SSO_LDAP_START_TLS) ? s.trusting(Key.SSO_LDAP_CA_FILE) : null;
        return new LdapDirectory(s, password, tls, ldaps, roles, admit);
    }

    @Override
    public Optional<User> signIn(String name, String password) throws Refused {
        // an empty password is an unauthenticated bind, which a directory answers with success: never a sign-in
        if (password.isEmpty()) {
            return Optional.empty();
        }
        List<String> groups;
        try {
            LdapContext search = open(settings.text(Key.SSO_LDAP_BIND_DN), bindPassword);
            try {
                String dn = userDn(search, name);
                if (dn == null) {
                    return Optional.empty();
                }
                LdapContext asUser = open(dn, password);
                asUser.close();
                groups = groups(search, name, dn);
            } finally {
                search.close();
            }
        } catch (AuthenticationException e) {
            return Optional.empty(); // the user's password, or the search account's (logged below when it is that)
        } catch (NamingException e) {
            if (untrusted(e)) {
                LOG.error(
                        "sso.ldap.url {}: the directory's TLS certificate is not trusted (an unknown CA, or it does not"
                                + " name the URL's host): set sso.ldap.ca-file to the PEM of the CA that signed it ({})",
                        settings.text(Key.SSO_LDAP_URL),
                        rootCause(e));
            } else {
                LOG.error(
                        "sso.ldap.url {}: the directory cannot be asked: {}",
                        settings.text(Key.SSO_LDAP_URL),
                        e.toString());
            }
            return Optional.empty();
        }
        try {
            return Optional.of(admit.admit(name, "ldap", groups, roles));
        } catch (ExternalSignIn.Refused e) {
            throw new Refused(e.getMessage());
        }
    }

    /** A context bound as {@code dn} (anonymous when empty), over TLS first when StartTLS is on. */
    private LdapContext open(String dn, String password) throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, settings.text(Key.SSO_LDAP_URL));
        env.put("com.sun.jndi.ldap.connect.timeout", TIMEOUT_MS);
        env.put("com.sun.jndi.ldap.read.timeout", TIMEOUT_MS);
        env.put(Context.REFERRAL, "ignore");
        if (ldaps) {
            env.put("java.naming.ldap.factory.socket", LdapsSockets.class.getName());
            credentials(env, dn, password);
            return LdapsSockets.with(tls, () -> new InitialLdapContext(env, null));
        }
        if (tls == null) {
            credentials(env, dn, password);
            return new InitialLdapContext(env, null);
        }
        env.put(Context.SECURITY_AUTHENTICATION, "none");
        LdapContext ctx = new InitialLdapContext(env, null);
        try {
            StartTlsResponse started = (StartTlsResponse) ctx.extendedOperation(new StartTlsRequest());
            started.negotiate(tls); // checks the certificate's chain and that it names the URL's host
            if (!dn.isEmpty()) {
                ctx.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
                ctx.addToEnvironment(Context.SECURITY_PRINCIPAL, dn);
                ctx.addToEnvironment(Context.SECURITY_CREDENTIALS, password);
                ctx.reconnect(null); // binds now, on the TLS connection
            }
            return ctx;
        } catch (IOException e) {
            ctx.close();
            NamingException n = new NamingException("StartTLS failed: " + e.getMessage());
            n.initCause(e);
            throw n;
        } catch (NamingException e) {
            ctx.close();
            throw e;
        }
    }

    /** A refusal of the directory's certificate: its chain to no trusted CA, or a name that is not the URL's host. */
    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    private static void credentials(Hashtable<String, Object> env, String dn, String password) {
        if (dn.isEmpty()) {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, dn);
            env.put(Context.SECURITY_CREDENTIALS, password);
        }
    }

    /** The one entry the user filter finds; null for none or several (a filter that is not unique proves nobody). */
    private String userDn(LdapContext ctx, String name) throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(new String[0]);
        controls.setCountLimit(2);
        List<String> found = new ArrayList<>();
        // {0} as a filter argument: JNDI escapes it, so a name like "*" or ")(uid=*" matches nothing extra
        NamingEnumeration<SearchResult> r = ctx.search(
                settings.text(Key.SSO_LDAP_USER_BASE),
                settings.text(Key.SSO_LDAP_USER_FILTER),
                new Object[] {name},
                controls);
        try {
            while (r.hasMore()) {
                found.add(r.next().getNameInNamespace());
            }
        } catch (javax.naming.SizeLimitExceededException e) {
            return null;
        } finally {
            r.close();
        }
        return found.size() == 1 ? found.getFirst() : null;
    }

    private List<String> groups(LdapContext ctx, String name, String dn) throws NamingException {
        String attribute = settings.text(Key.SSO_LDAP_GROUP_ATTRIBUTE);
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(new String[] {attribute});
        List<String> out = new ArrayList<>();
        String base = settings.text(Key.SSO_LDAP_GROUP_BASE);
        NamingEnumeration<SearchResult> r = ctx.search(
                base.isEmpty() ? settings.text(Key.SSO_LDAP_USER_BASE) : base,
                settings.text(Key.SSO_LDAP_GROUP_FILTER),
                new Object[] {name, dn},
                controls);
        try {
            while (r.hasMore()) {
                Attribute a = r.next().getAttributes().get(attribute);
                if (a != null) {
                    for (int i = 0; i < a.size(); i++) {
                        out.add(String.valueOf(a.get(i)));
                    }
                }
            }
        } finally {
            r.close();
        }
        return out;
    }
}
