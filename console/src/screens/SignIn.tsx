/**
 * The sign-in page: a pasted bearer token (what an identity provider issues), checked by asking the API who it
 * is. The one-time link of development signs in before this page shows.
 */
import { useState } from "preact/hooks";
import { ErrorText } from "../components/ui.tsx";
import { describeToken, type Session } from "../session.ts";

export function SignIn({ error, onSignedIn }: { error?: string; onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState("");
  const [problem, setProblem] = useState<unknown>(error);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const pasted = token.trim().replace(/^Bearer\s+/i, "");
    if (pasted === "") {
      setProblem("Paste the token your identity provider issued.");
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await describeToken(pasted));
    } catch (failure) {
      setProblem(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>Bin Utilization Optimizer</h1>
      <form onSubmit={submit} class="panel" aria-label="Sign in">
        <h2>Sign in</h2>
        <label for="token">Bearer token</label>
        <textarea
          id="token"
          rows={4}
          autocomplete="off"
          spellcheck={false}
          value={token}
          aria-invalid={problem !== undefined}
          aria-describedby={problem === undefined ? undefined : "token-error"}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <ErrorText error={problem} id="token-error" />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p class="muted">
          In development, <code>npm start</code> prints a one-time link that signs the demo supervisor in.
        </p>
      </form>
    </main>
  );
}
