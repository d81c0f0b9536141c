/** A screen's heading: the focus target when the screen opens (app.tsx), so screen readers start there. */
import type { ReactNode } from 'react';

export function ScreenTitle({ children }: { children: ReactNode }) {
  return (
    <h1 tabIndex={-1} className="screen-title">
      {children}
    </h1>
  );
}
