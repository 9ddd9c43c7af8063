import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthContext';

interface NavItem {
  to: string;
  label: string;
  roles: readonly string[] | 'all';
}

const LEADS = ['supervisor', 'manager', 'director', 'executive', 'analyst', 'admin'];
const EXECUTIVES = ['executive', 'analyst', 'admin'];

const NAV: NavItem[] = [
  { to: '/me', label: 'My performance', roles: 'all' },
  { to: '/team', label: 'Team', roles: LEADS },
  { to: '/executive', label: 'Executive', roles: EXECUTIVES },
  { to: '/catalog', label: 'Metric catalog', roles: 'all' },
  { to: '/wallboard', label: 'Wallboard', roles: 'all' },
];

/** The links a role gets. Hiding a link is a convenience: what a caller may see is the server's decision. */
export function navFor(role: string | null): NavItem[] {
  return NAV.filter((n) => n.roles === 'all' || (role !== null && n.roles.includes(role)));
}

/** Header, navigation and the main landmark; focus moves to the new page's heading on navigation. */
export function Layout() {
  const { claims, signOut } = useAuth();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h1 = main.current?.querySelector('h1');
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus();
    } else main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Switchboard</span>
        <nav aria-label="Main">
          <ul>
            {navFor(claims?.role ?? null).map((n) => (
              <li key={n.to}>
                <NavLink to={n.to}>{n.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {claims?.sub ?? 'no employee id'} · {claims?.role ?? 'unknown role'}
          </span>
          <button type="button" className="secondary" onClick={() => signOut('You signed out.')}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
