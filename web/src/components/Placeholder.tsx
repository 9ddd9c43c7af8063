import { ReactNode, useId } from 'react';

/**
 * A part of a view whose API is still being built. Clearly marked, so nobody mistakes
 * an empty box for "no data".
 */
export function Placeholder({ title, waitsFor, children }: { title: string; waitsFor: string; children?: ReactNode }) {
  const id = useId();
  return (
    <section className="placeholder" aria-labelledby={id} data-placeholder={title}>
      <h3 id={id}>
        {title} <span className="badge">Coming soon</span>
      </h3>
      <p>
        Placeholder: this waits for {waitsFor}.
      </p>
      {children}
    </section>
  );
}
