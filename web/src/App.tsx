import { Route, Routes } from 'react-router';
import { SignIn } from './auth/SignIn';
import { Layout } from './components/Layout';
import { RequireAuth } from './components/RequireAuth';
import { AgentDay, AgentView, MyPerformance } from './views/AgentView';
import { ExecutiveView } from './views/ExecutiveView';
import { Home, NotFound } from './views/Home';
import { MetricCatalog } from './views/MetricCatalog';
import { MyTeam, TeamView } from './views/TeamView';
import { Wallboard } from './views/Wallboard';

/**
 * Every view, by address. The server sends index.html for any of these paths, so a
 * bookmarked or shared address opens the view directly.
 */
export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignIn />} />
      <Route
        path="/wallboard"
        element={
          <RequireAuth>
            <Wallboard />
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
        <Route path="me" element={<MyPerformance />} />
        <Route path="team" element={<MyTeam />} />
        <Route path="team/:teamId" element={<TeamView />} />
        <Route path="agent/:employeeId" element={<AgentView />} />
        <Route path="agent/:employeeId/day/:date" element={<AgentDay />} />
        <Route path="executive" element={<ExecutiveView />} />
        <Route path="catalog" element={<MetricCatalog />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
