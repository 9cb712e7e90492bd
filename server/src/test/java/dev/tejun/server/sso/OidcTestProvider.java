package dev.tejun.server.sso;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.tejun.server.fixtures.NpmPackages;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenID provider for tests: panva's certified {@code oidc-provider} from npm (installed once into a cache
 * folder under {@code ~/.cache/tejun-test}), run by Node.js on a loopback port with two clients ({@code tejun} and
 * {@code other}, secret {@code ID-secret-0123456789abcdef}) and accounts whose groups the script lists. Any login
 * name signs in with any password through the provider's own sign-in form, which {@link #signIn} fills in over HTTP.
 */
final class OidcTestProvider implements AutoCloseable {

    static final String VERSION = "9.13.3";

    final URI issuer;
    private final Process node;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param redirect      the one redirect URI both clients registered
     * @param idTokenTtl    how long the ID tokens it issues are valid
     */
    OidcTestProvider(URI redirect, Duration idTokenTtl) throws IOException, InterruptedException {
        this(redirect, idTokenTtl, false);
    }

    /** @param groupsAtUserInfoOnly true: the groups are left out of the ID token, as OIDC Core 5.4 says */
    OidcTestProvider(URI redirect, Duration idTokenTtl, boolean groupsAtUserInfoOnly)
            throws IOException, InterruptedException {
        Path folder = install();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.issuer = URI.create("http://127.0.0.1:" + port);
        this.node = new ProcessBuilder(
                        "node",
                        folder.resolve("oidc-provider.mjs").toString(),
                        String.valueOf(port),
                        redirect.toString(),
                        String.valueOf(idTokenTtl.toSeconds()),
                        groupsAtUserInfoOnly ? "conform" : "")
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("provider-" + port + ".log").toFile())
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (!node.isAlive()) {
                throw new IllegalStateException(
                        "oidc-provider exited: " + Files.readString(folder.resolve("provider-" + port + ".log")));
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(issuer.resolve("/.well-known/openid-configuration"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        node.destroyForcibly();
        throw new IllegalStateException("oidc-provider did not answer within 30 s");
    }

    /** The npm package in the cache folder (installed on first use) and this test's provider script beside it. */
    private static synchronized Path install() throws IOException, InterruptedException {
        Path folder = NpmPackages.install("oidc-provider", VERSION);
        // an ES module finds its packages from where it lies, so the script goes next to node_modules
        try (InputStream in = OidcTestProvider.class.getResourceAsStream("/sso/oidc-provider.mjs")) {
            Files.write(folder.resolve("oidc-provider.mjs"), in.readAllBytes());
        }
        return folder;
    }

    static String secret(String clientId) {
        return clientId + "-secret-0123456789abcdef";
    }

    /**
     * Signs {@code login} in at the provider, as a person would in the provider's own form (consent included), starting
     * from {@code authorize} (an authorization request URL), and answers where the provider sends the browser back:
     * the client's redirect URI with the code and state.
     */
    URI signIn(URI authorize, String login) throws IOException, InterruptedException {
        // a new browser each time: the provider's own session would otherwise sign the last person in again
        HttpClient browser =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        URI at = authorize;
        for (int hop = 0; hop < 20; hop++) {
            HttpResponse<String> r =
                    browser.send(HttpRequest.newBuilder(at).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && at.getPath().startsWith("/interaction/")) {
                String prompt = r.body().contains("name=\"prompt\" value=\"login\"") ? "login" : "consent";
                String form = "prompt=" + prompt + "&login=" + URLEncoder.encode(login, StandardCharsets.UTF_8)
                        + "&password=anything";
                r = browser.send(
                        HttpRequest.newBuilder(at)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            String location = r.headers().firstValue("Location").orElse(null);
            if (location == null) {
                throw new IllegalStateException(
                        "the provider stopped at " + at + " with " + r.statusCode() + ": " + r.body());
            }
            URI next = at.resolve(location);
            if (!next.getAuthority().equals(issuer.getAuthority())) {
                return next;
            }
            at = next;
        }
        throw new IllegalStateException("the provider redirected more than 20 times");
    }

    /** A real ID token the provider issued to {@code clientId} for {@code login}, with {@code nonce}. */
    String idToken(String clientId, URI redirect, String login, Nonce nonce) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request = new AuthenticationRequest.Builder(
                        ResponseType.CODE, new Scope("openid", "profile", "groups"), new ClientID(clientId), redirect)
                .endpointURI(issuer.resolve("/auth"))
                .state(new State())
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        URI back = signIn(request.toURI(), login);
        String code = java.util.Arrays.stream(back.getRawQuery().split("&"))
                .filter(p -> p.startsWith("code="))
                .map(p -> p.substring(5))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no code in " + back));
        var response = OIDCTokenResponseParser.parse(new TokenRequest(
                        issuer.resolve("/token"),
                        new ClientSecretBasic(new ClientID(clientId), new Secret(secret(clientId))),
                        new AuthorizationCodeGrant(new AuthorizationCode(code), redirect, verifier))
                .toHTTPRequest()
                .send());
        if (!response.indicatesSuccess()) {
            throw new IllegalStateException(
                    "token request failed: " + response.toErrorResponse().toJSONObject());
        }
        return ((OIDCTokenResponse) response.toSuccessResponse())
                .getOIDCTokens()
                .getIDTokenString();
    }

    URI jwks() {
        return issuer.resolve("/jwks");
    }

    @Override
    public void close() {
        node.destroy();
        try {
            if (!node.waitFor(5, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
