import { ComponentType, lazy, ReactNode, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { SignIn } from './auth/SignIn';
import { Layout } from './components/Layout';
import { Loading } from './components/QueryState';
import { RequireAuth } from './components/RequireAuth';
import { Home, NotFound } from './views/Home';

/**
 * Each view is its own chunk, fetched when first opened: the first load carries the
 * shell (sign-in, navigation, Apollo) and the one view it lands on, not all of them.
 */
function view<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}
const ExecutiveView = view(() => import('./views/ExecutiveView'), 'ExecutiveView');
const MetricCatalog = view(() => import('./views/MetricCatalog'), 'MetricCatalog');
const MyTeam = view(() => import('./views/TeamView'), 'MyTeam');
const TeamView = view(() => import('./views/TeamView'), 'TeamView');
const MyPerformance = view(() => import('./views/AgentView'), 'MyPerformance');
const AgentView = view(() => import('./views/AgentView'), 'AgentView');
const AgentDay = view(() => import('./views/AgentView'), 'AgentDay');
const Wallboard = view(() => import('./views/Wallboard'), 'Wallboard');
const EmbedView = view(() => import('./views/EmbedView'), 'EmbedView');
const CoachingView = view(() => import('./views/CoachingView'), 'CoachingView');

const Lazy = ({ children }: { children: ReactNode }) => <Suspense fallback={<Loading what="the view" />}>{children}</Suspense>;

/**
 * Every view, by address. The server sends index.html for any of these paths, so a
 * bookmarked or shared address opens the view directly.
 */
export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignIn />} />
      <Route
        path="/embed/:chart"
        element={
          <Lazy>
            <EmbedView />
          </Lazy>
        }
      />
      <Route
        path="/wallboard"
        element={
          <RequireAuth>
            <Lazy>
              <Wallboard />
            </Lazy>
          </RequireAuth>
        }
      />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        <Route path="me" element={<Lazy><MyPerformance /></Lazy>} />
        <Route path="team" element={<Lazy><MyTeam /></Lazy>} />
        <Route path="team/:teamId" element={<Lazy><TeamView /></Lazy>} />
        <Route path="agent/:employeeId" element={<Lazy><AgentView /></Lazy>} />
        <Route path="agent/:employeeId/day/:date" element={<Lazy><AgentDay /></Lazy>} />
        <Route path="coaching/:id" element={<Lazy><CoachingView /></Lazy>} />
        <Route path="executive" element={<Lazy><ExecutiveView /></Lazy>} />
        <Route path="catalog" element={<Lazy><MetricCatalog /></Lazy>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
