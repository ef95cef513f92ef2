/**
 * Who is signed in. A session is a bearer token and what the API says of it (role, tenant, facilities); the
 * token lives in this tab's sessionStorage only (never in a URL, so never in the history), and is forgotten
 * when it expires, on sign-out, or when the API refuses it.
 *
 * Two ways in: the one-time link `npm start` prints in development (`/#code=…`: the code is taken out of the
 * address at once, then exchanged for a token by POST /console/sign-in, and is spent), or a token pasted on
 * the sign-in page, as an identity provider issues it.
 */
import { ApiError, gql } from "./api.ts";
import { SessionDocument, type SessionQuery } from "./gql/graphql.ts";

const STORAGE_KEY = "buo.session";

export type Role = "operator" | "supervisor" | "admin";

export interface Facility {
  facilityId: string;
  code: string;
  name: string;
}

export interface Session {
  token: string;
  role: Role;
  tenantId: string;
  tenantName: string;
  facilities: Facility[];
}

/** Supervisors and admins see every screen; operators the putaway screens. */
export function isSupervisor(session: Session): boolean {
  return session.role === "supervisor" || session.role === "admin";
}

function asRole(role: string | null): Role | undefined {
  return role === "operator" || role === "supervisor" || role === "admin" ? role : undefined;
}

/** Asks the API who `token` is; rejects with an ApiError when it refuses the token. */
export async function describeToken(token: string): Promise<Session> {
  const answer: SessionQuery = await gql(SessionDocument, {}, token);
  const role = asRole(answer.currentUserRole);
  if (role === undefined || answer.currentTenantId === null) {
    throw new ApiError("UNAUTHENTICATED", "The token names no role or tenant this console knows");
  }
  return {
    token,
    role,
    tenantId: answer.currentTenantId,
    tenantName: answer.currentTenant?.name ?? answer.currentTenant?.code ?? "",
    facilities: (answer.allFacilities?.nodes ?? []).flatMap((f) => (f === null ? [] : [f])),
  };
}

/** The one-time code of the address (`#code=…`), taken out of it and out of the history entry at once. */
export function takeCodeFromAddress(): string | undefined {
  const match = /^#code=([\w-]{16,128})$/.exec(window.location.hash);
  if (match === null) return undefined;
  window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}`);
  return match[1];
}

/** Exchanges a one-time code for a token. */
export async function redeemCode(code: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch("/console/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
  } catch {
    throw new ApiError("NETWORK", "The service did not answer");
  }
  const body = (await response.json().catch(() => ({}))) as {
    token?: string;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  if (response.ok && typeof body.token === "string") return body.token;
  const [error] = body.errors ?? [];
  throw new ApiError(error?.extensions?.code ?? "UNAUTHENTICATED", error?.message ?? "The sign-in link was refused");
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, session.token);
}

export function savedToken(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function forgetSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
