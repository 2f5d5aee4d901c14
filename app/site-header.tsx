import Link from "next/link";

export function SiteHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header className="site-header">
      <div className="inner">
        <Link href="/" className="brand" prefetch={false}>
          <span>❄</span> Holiday Party Planner
        </Link>
        {children}
      </div>
    </header>
  );
}
