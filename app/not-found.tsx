import Link from "next/link";
import { SiteHeader } from "./site-header";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main>
        <div className="card narrow">
          <h1>Page not found</h1>
          <p className="muted">There is nothing at this address.</p>
          <Link href="/" prefetch={false}>
            Back to the start page
          </Link>
        </div>
      </main>
    </>
  );
}
