import { useEffect } from 'react';

/** Each view names the tab, so history and screen readers say where you are. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Switchboard`;
  }, [title]);
}
