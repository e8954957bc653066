import type { ReactNode } from 'react';

/** The page title (focused after each navigation, see shell.tsx), a line under it, and actions. */
export function PageHeader({ title, intro, actions, back }: { title: ReactNode; intro?: ReactNode; actions?: ReactNode; back?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        {back ? <p className="page-header__back">{back}</p> : null}
        <h1 tabIndex={-1}>{title}</h1>
        {intro ? <p>{intro}</p> : null}
      </div>
      {actions ? <div className="row">{actions}</div> : null}
    </header>
  );
}
