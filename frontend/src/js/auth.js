// Officers sign in with Cognito (USER_PASSWORD_AUTH). The ID token is kept in sessionStorage: it goes
// with this tab and is gone when the tab closes. The API checks the token; the roles read here only
// decide which forms to show.
import { config } from "./config.js";

const SESSION = "bops.session";
const FLASH = "bops.flash";
// Sign in again a minute before the token expires rather than fail half way through a form.
const EXPIRY_MARGIN_MS = 60_000;

export const ROLE_NAMES = { assessor: "case officer", reviewer: "reviewer", administrator: "administrator" };

export class SignInError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

function decodeClaims(jwt) {
  const payload = jwt.split(".")[1] || "";
  const base64 = payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

async function cognito(target, body) {
  const { cognito: settings } = await config();
  const response = await fetch(settings.endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
    credentials: "omit",
    cache: "no-store",
  });
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, data };
}

/** Signs in; throws SignInError("credentials" | "challenge" | "unavailable"). */
export async function signIn(username, password) {
  const { cognito: settings } = await config();
  let answer;
  try {
    answer = await cognito("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: settings.client_id,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
  } catch {
    throw new SignInError("unavailable", "Sign-in is not available at the moment. Try again later.");
  }
  const { ok, data } = answer;
  if (!ok) {
    const type = String(data.__type || data.code || "").split("#").pop();
    if (type === "NotAuthorizedException" || type === "UserNotFoundException") {
      throw new SignInError("credentials", "Enter a correct username and password");
    }
    if (type === "PasswordResetRequiredException") {
      throw new SignInError("challenge", "Your password must be reset. Ask your council's administrator.");
    }
    throw new SignInError("unavailable", "Sign-in is not available at the moment. Try again later.");
  }
  if (data.ChallengeName || !data.AuthenticationResult) {
    throw new SignInError("challenge", "Your account needs setting up before you can sign in. Ask your council's administrator.");
  }
  const { IdToken, AccessToken } = data.AuthenticationResult;
  const claims = decodeClaims(IdToken);
  sessionStorage.setItem(
    SESSION,
    JSON.stringify({ id_token: IdToken, access_token: AccessToken, expires_at: claims.exp * 1000 }),
  );
  return officer();
}

function stored() {
  try {
    const value = JSON.parse(sessionStorage.getItem(SESSION) || "null");
    if (value && value.id_token && value.expires_at - EXPIRY_MARGIN_MS > Date.now()) return value;
  } catch {
    // a damaged entry is the same as none
  }
  return null;
}

export function idToken() {
  return stored()?.id_token || null;
}

/** The signed-in officer: { username, roles, council }, or null. */
export function officer() {
  const session = stored();
  if (!session) return null;
  const claims = decodeClaims(session.id_token);
  return {
    username: String(claims["cognito:username"] || claims.sub),
    roles: (claims["cognito:groups"] || []).map(String),
    council: String(claims["custom:council"] || ""),
  };
}

export function hasRole(current, ...roles) {
  return Boolean(current && current.roles.some((role) => roles.includes(role)));
}

/** Forgets the session here, and asks Cognito to end it (best effort: the ID token still runs out). */
export async function signOut() {
  const session = stored();
  sessionStorage.removeItem(SESSION);
  if (session?.access_token) {
    await cognito("GlobalSignOut", { AccessToken: session.access_token }).catch(() => undefined);
  }
}

/** The page's officer, or a trip to the sign-in page (coming back here afterwards). */
export function requireOfficer() {
  const current = officer();
  if (!current) {
    sessionStorage.removeItem(SESSION);
    const next = window.location.pathname + window.location.search + window.location.hash;
    window.location.replace(`/sign-in.html?next=${encodeURIComponent(next)}`);
    return null;
  }
  return current;
}

/** Where to go after signing in: only a path on this site. */
export function safeNext(value) {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return "/";
  }
  return value;
}

/** A message for the next page (a success banner after an action). */
export function flash(message) {
  sessionStorage.setItem(FLASH, JSON.stringify(message));
}

export function takeFlash() {
  const value = sessionStorage.getItem(FLASH);
  sessionStorage.removeItem(FLASH);
  try {
    return value ? JSON.parse(value) : null;
  } catch {
    return null;
  }
}
