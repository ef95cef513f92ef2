/**
 * The console: signs in (one-time link or pasted token), then shows the screens the token's role may see, for
 * the facility chosen in the header. Routes live in the address's hash (#/putaway), so the service serves one
 * page.
 */
import "./styles.css";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, setBearer } from "./api.ts";
import { sentence } from "./messages.ts";
import { Algorithms } from "./screens/Algorithms.tsx";
import { DataQuality } from "./screens/DataQuality.tsx";
import { Overview } from "./screens/Overview.tsx";
import { Putaway } from "./screens/Putaway.tsx";
import { Reslotting } from "./screens/Reslotting.tsx";
import { SignIn } from "./screens/SignIn.tsx";
import {
  describeToken,
  forgetSession,
  isSupervisor,
  redeemCode,
  type Session,
  savedToken,
  saveSession,
  takeCodeFromAddress,
} from "./session.ts";

interface Screen {
  path: string;
  title: string;
  supervisorOnly: boolean;
}

const SCREENS: readonly Screen[] = [
  { path: "overview", title: "Overview", supervisorOnly: true },
  { path: "putaway", title: "Putaway", supervisorOnly: false },
  { path: "data-quality", title: "Data quality", supervisorOnly: true },
  { path: "algorithms", title: "Algorithms", supervisorOnly: true },
  { path: "reslotting", title: "Re-slotting", supervisorOnly: true },
];

const FACILITY_KEY = "buo.facility";

function routeOf(hash: string): string {
  return /^#\/([\w-]+)/.exec(hash)?.[1] ?? "";
}

function useRoute(): string {
  const [route, setRoute] = useState(routeOf(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(routeOf(window.location.hash));
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return route;
}

function App() {
  const [session, setSession] = useState<Session>();
  const [starting, setStarting] = useState(true);
  const [signInError, setSignInError] = useState<string>();

  const signedIn = (next: Session) => {
    saveSession(next);
    setBearer(next.token, (message) => signOut(`You were signed out: ${message}`));
    setSession(next);
    setSignInError(undefined);
  };
  const signOut = (why?: string) => {
    forgetSession();
    setBearer(undefined);
    setSession(undefined);
    setSignInError(why);
  };

  useEffect(() => {
    const code = takeCodeFromAddress();
    const start = async () => {
      if (code !== undefined) return describeToken(await redeemCode(code));
      const token = savedToken();
      return token === undefined ? undefined : describeToken(token);
    };
    start()
      .then((found) => found !== undefined && signedIn(found))
      .catch((error: unknown) => {
        const answered = error instanceof ApiError && error.code !== "NETWORK" && error.code !== "INTERNAL";
        if (code !== undefined) {
          // A refused one-time link says why in its own words ("already used or has expired").
          signOut(answered ? error.message : sentence(error));
          return;
        }
        // A token the API refuses is forgotten; one it could not check (no answer, busy, unavailable) is kept,
        // so that a reload once the service is back signs in again.
        const refused = answered && (error.code === "UNAUTHENTICATED" || error.code === "FORBIDDEN");
        if (refused) signOut(sentence(error));
        else setSignInError(`${sentence(error)} Reload the page to try again, or sign in with another token.`);
      })
      .finally(() => setStarting(false));
  }, []);

  if (starting) return <p class="muted centered">Signing in…</p>;
  if (session === undefined) return <SignIn error={signInError} onSignedIn={signedIn} />;
  return <Shell session={session} onSignOut={() => signOut()} />;
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  const supervisor = isSupervisor(session);
  const visible = SCREENS.filter((screen) => supervisor || !screen.supervisorOnly);
  const fallback = visible[0]!.path;
  const [facilityId, setFacilityId] = useState(
    () => localStorage.getItem(FACILITY_KEY) ?? session.facilities[0]?.facilityId ?? "",
  );
  const facility = session.facilities.find((f) => f.facilityId === facilityId) ?? session.facilities[0];
  const screen = SCREENS.find((s) => s.path === route);

  useEffect(() => {
    if (route === "") window.location.replace(`#/${fallback}`);
  }, [route, fallback]);
  useEffect(() => {
    document.title = `${screen?.title ?? "Console"} · Bin Utilization Optimizer`;
  }, [screen]);

  const choose = (id: string) => {
    localStorage.setItem(FACILITY_KEY, id);
    setFacilityId(id);
  };

  let body = null;
  if (facility === undefined) body = <p>Your tenant has no facility yet.</p>;
  else if (screen === undefined) body = route === "" ? null : <p>There is no screen “{route}”.</p>;
  else if (screen.supervisorOnly && !supervisor) {
    body = (
      <div class="panel" role="alert">
        <h2>Not available to your role</h2>
        <p>
          The {screen.title} screen is for supervisors. You are signed in as an {session.role}; go to{" "}
          <a href="#/putaway">Putaway</a>.
        </p>
      </div>
    );
  } else {
    const props = { session, facility };
    body = {
      overview: <Overview {...props} />,
      putaway: <Putaway {...props} />,
      "data-quality": <DataQuality {...props} />,
      algorithms: <Algorithms {...props} />,
      reslotting: <Reslotting {...props} />,
    }[screen.path];
  }

  return (
    <>
      <header class="top">
        <div class="brand">Bin Utilization Optimizer</div>
        <nav aria-label="Screens">
          {visible.map((s) => (
            <a key={s.path} href={`#/${s.path}`} aria-current={s.path === route ? "page" : undefined}>
              {s.title}
            </a>
          ))}
        </nav>
        <div class="who">
          <label>
            <span class="visually-hidden">Facility</span>
            <select value={facility?.facilityId} onChange={(e) => choose(e.currentTarget.value)}>
              {session.facilities.map((f) => (
                <option key={f.facilityId} value={f.facilityId}>
                  {f.code} · {f.name}
                </option>
              ))}
            </select>
          </label>
          <span class="role" title={session.tenantName}>
            {session.role}
          </span>
          <button type="button" class="link" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">{body}</main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
