// The BoPS API: JSON over fetch with the officer's ID token (or, on the applicant's page, the token of
// their link: `token`). Errors become ApiError with the API's code, message and fields ({ path, message }),
// which the forms show in the error summary.
import { idToken, requireOfficer } from "./auth.js";
import { config } from "./config.js";

export class ApiError extends Error {
  constructor(status, code, message, fields = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = Array.isArray(fields) ? fields : [];
  }
}

export async function api(path, { method = "GET", body, query, token } = {}) {
  const settings = await config();
  const url = new URL((settings.api || "") + path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
  }
  const headers = { Accept: "application/json" };
  const officerSession = token === undefined;
  const bearer = officerSession ? idToken() : token;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (method !== "GET") headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: method === "GET" ? undefined : JSON.stringify(body || {}),
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "network", "The service cannot be reached. Check your connection and try again.");
  }
  const data = await response.json().catch(() => null);
  if (response.status === 401 && officerSession) {
    sessionStorage.removeItem("bops.session");
    requireOfficer();
    throw new ApiError(401, "unauthorized", "Your session has ended. Sign in again.");
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(
      response.status,
      error.code || "error",
      error.message || `The service answered ${response.status}. Try again later.`,
      error.fields,
    );
  }
  return data;
}

export const path = {
  application: (reference) => `/api/v1/applications/${encodeURIComponent(reference)}`,
  action: (reference, action) => `/api/v1/applications/${encodeURIComponent(reference)}/${action}`,
  document: (reference, id) =>
    `/api/v1/applications/${encodeURIComponent(reference)}/documents/${encodeURIComponent(id)}`,
  validationRequest: (reference, id, action) =>
    `/api/v1/applications/${encodeURIComponent(reference)}/validation-requests/${encodeURIComponent(id)}${action ? `/${action}` : ""}`,
};
