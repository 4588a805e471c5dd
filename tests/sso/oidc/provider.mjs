// A certified OpenID Connect provider (panva's oidc-provider) for mentorkit's sign-in tests.
// Started by tests/sso/oidc_provider.py with its configuration as JSON in OIDC_TEST_CONFIG;
// prints "ready" once it listens on 127.0.0.1. Its login form is the package's own
// (devInteractions): the login names the account, as the tests' people.
import Provider from 'oidc-provider';

const { port, issuer, clients, accounts, idTokenTTL } = JSON.parse(process.env.OIDC_TEST_CONFIG);

const provider = new Provider(issuer, {
  clients,
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  pkce: { required: () => true },
  ttl: { IdToken: idTokenTTL, AccessToken: 600, AuthorizationCode: 60 },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['tests-only-not-a-secret'] },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

const server = provider.listen(port, '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
