import type {
  IAuthenticateGeneric,
  Icon,
  ICredentialTestRequest,
  ICredentialType,
  INodeProperties,
} from "n8n-workflow";

/**
 * A PM3K address and an API key from its dashboard; every request carries
 * the key as `Authorization: Bearer` (docs/api.md#format-and-authentication).
 */
export class Pm3kApi implements ICredentialType {
  name = "pm3kApi";

  displayName = "PM3K API";

  icon: Icon = "file:../icons/pm3k.svg";

  documentationUrl = "https://pm3k.org/docs/guide";

  properties: INodeProperties[] = [
    {
      displayName: "Base URL",
      name: "baseUrl",
      type: "string",
      default: "https://pm3k.org",
      placeholder: "https://pm3k.example.com",
      description:
        "The address of your PM3K (its PUBLIC_BASE_URL). Only its scheme and host count, so the address of one of its pages (the dashboard's) works too",
      required: true,
    },
    {
      displayName: "API Key",
      name: "apiKey",
      type: "string",
      typeOptions: { password: true },
      default: "",
      placeholder: "pm3k_...",
      description: "An API key from the PM3K dashboard",
      required: true,
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: "generic",
    properties: {
      headers: { Authorization: "=Bearer {{$credentials.apiKey}}" },
    },
  };

  // "Test" in n8n's credential dialog: the key's own account.
  test: ICredentialTestRequest = {
    request: {
      // Its origin, as the node's pm3kOrigin (nodes/Pm3k/transport.ts).
      baseURL:
        '={{($credentials.baseUrl.trim().match(/^[a-z][a-z0-9+.-]*:\\/\\/[^\\/?#]*/i) || [$credentials.baseUrl.trim().replace(/\\/+$/, "")])[0]}}',
      url: "/api/me",
      method: "GET",
    },
  };
}
