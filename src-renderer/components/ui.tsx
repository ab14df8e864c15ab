import { useId } from 'react';
import type { ReactNode } from 'react';

type Tone = 'live' | 'preview' | 'active' | 'suspended' | 'neutral' | 'accent';

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function statusTone(status: string): Tone {
  switch (status) {
    case 'live':
    case 'preview':
    case 'active':
    case 'suspended':
      return status;
    // A supplier's declared capacity: approved, awaiting review, or revoked.
    case 'approved':
      return 'active';
    case 'pending':
      return 'preview';
    case 'revoked':
      return 'suspended';
    default:
      return 'neutral';
  }
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone(status)}>{status}</Badge>;
}

/** A failed action, in the exchange's own words. */
export function ErrorAlert({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="alert alert-error" role="alert">
      {children}
    </div>
  );
}

/** A completed action, or (tone "warn") one that did not turn out as asked without failing. */
export function Notice({ children, tone = 'ok' }: { children: ReactNode; tone?: 'ok' | 'warn' }) {
  if (!children) return null;
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

export function Card({
  title,
  actions,
  children,
  className,
  region,
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Names the card by its title, so it is a landmark region ("Price chart") tests and readers can find. */
  region?: boolean;
  testId?: string;
}) {
  const headingId = useId();
  const labelled = region && title ? headingId : undefined;
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={labelled} data-testid={testId}>
      {title || actions ? (
        <header className="card-header">
          {title ? <h3 id={labelled}>{title}</h3> : null}
          {actions ? <div className="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      <div className="card-body">{children}</div>
    </section>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}
