// A real OpenID provider (panva's certified oidc-provider) for the SSO tests, on loopback only.
// node oidc-provider.mjs PORT REDIRECT_URI ID_TOKEN_TTL_SECONDS [conform]; accounts: any login, any password (dev interactions),
// groups by login below. Prints "listening" when ready.
import Provider from 'oidc-provider';

const [port, redirect, ttl, mode] = process.argv.slice(2);
const groups = {
  alice: ['ops-admins', 'staff'],
  bob: ['ops', 'staff'],
  carol: ['staff'],
  mallory: ['contractors'],
};
const client = (id) => ({
  client_id: id,
  client_secret: `${id}-secret-0123456789abcdef`,
  redirect_uris: [redirect],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [client('tejun'), client('other')],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'groups'],
  claims: { openid: ['sub'], profile: ['preferred_username', 'name'], groups: ['groups'] },
  // the groups go into the ID token itself, as Keycloak's and Entra's group mappers do; with "conform" only into
  // the UserInfo answer (OIDC Core 5.4: scope claims of a code flow belong there)
  conformIdTokenClaims: mode === 'conform',
  ttl: { IdToken: Number(ttl || 3600) },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: `sub-${id}`, preferred_username: id, name: id, groups: groups[id] || [] };
      },
    };
  },
});
provider.listen(Number(port), '127.0.0.1', () => console.log('listening'));
