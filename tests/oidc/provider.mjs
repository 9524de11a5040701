// A real OpenID Connect provider (panva's oidc-provider) on loopback, for the login tests.
// It stands in for a VNeID-style national identity: every login gets the claims below.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const redirectUri = process.env.OIDC_REDIRECT_URI;

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: "motcua",
      client_secret: "test-secret",
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], profile: ["name"], email: ["email"], citizen: ["citizen_id"] },
  scopes: ["openid", "profile", "email", "citizen"],
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: "Trần Thị Bích Ngọc", email: `${id}@example.vn`, citizen_id: "001190011223" };
      },
    };
  },
});
provider.proxy = false;
provider.listen(port, "127.0.0.1", () => console.log(`ready on ${port}`));
