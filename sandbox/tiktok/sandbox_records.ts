/**
 * State of the TikTok sandbox (a simulator of TikTok for the embedded
 * default and the tests). None of this is PM3K data.
 * @module
 */

export interface SandboxUser {
  openId: string;
  /** The handle typed on the consent page; unique. */
  username: string;
  displayName: string;
  createdAt: number;
}

export interface SandboxAuthCode {
  openId: string;
  clientKey: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string | null;
  expiresAt: number;
}

export interface SandboxToken {
  openId: string;
  clientKey: string;
  scope: string;
  expiresAt: number;
  /** The access token a refresh token belongs to, so revoke kills both. */
  pairedToken: string;
}
