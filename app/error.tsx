"use client";

// Shown instead of a stack trace when rendering fails; the details stay in the server log (digest).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main>
      <div className="card narrow" role="alert">
        <h1>Something went wrong</h1>
        <p className="muted">The page could not be shown just now. Your data is safe; please try again in a moment.</p>
        {error.digest ? <p className="muted">Reference: {error.digest}</p> : null}
        <button className="button" type="button" onClick={() => reset()}>
          Try again
        </button>
      </div>
    </main>
  );
}
