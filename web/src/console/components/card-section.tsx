import type { ReactNode } from 'react';

/** A console card: a section titled by its own heading (which names it for assistive technology). */
export function CardSection({ id, title, children }: { id: string; title: ReactNode; children?: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} className="card__title">
        {title}
      </h2>
      {children}
    </section>
  );
}
