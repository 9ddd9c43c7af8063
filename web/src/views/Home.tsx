import { useQuery } from '@apollo/client';
import { Link, Navigate } from 'react-router';
import { ME } from '../api/queries';
import { MeData } from '../api/types';
import { ErrorNote, Loading } from '../components/QueryState';

/** Where each role starts: agents on their own numbers, leads on their team, executives on the whole. */
export function landingFor(role: string): string {
  if (role === 'agent') return '/me';
  if (['supervisor', 'manager', 'director'].includes(role)) return '/team';
  return '/executive';
}

export function Home() {
  const { data, error } = useQuery<MeData>(ME);
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what="your start page" />;
  return <Navigate to={landingFor(data.me.role)} replace />;
}

export function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link to="/">Go to your start page</Link>.
      </p>
    </>
  );
}
