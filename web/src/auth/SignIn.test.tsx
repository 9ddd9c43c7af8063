/** @jest-environment jsdom */
import { ApolloClient, InMemoryCache } from '@apollo/client';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { AuthProvider } from './AuthContext';
import { SignIn } from './SignIn';

const payload = Buffer.from(JSON.stringify({ role: 'agent', sub: 'E1010', exp: 4102444800 })).toString('base64url');
const TOKEN = `eyJhbGciOiJIUzI1NiJ9.${payload}.c2ln`;

function renderAt(path: string) {
  const client = new ApolloClient({ cache: new InMemoryCache() });
  render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider client={client}>
        <Routes>
          <Route path="/sign-in" element={<SignIn />} />
          <Route path="*" element={<p>signed in</p>} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
}

describe('sign-in form', () => {
  afterEach(() => sessionStorage.clear());

  it('explains what is wrong with a pasted text, and stores nothing', () => {
    renderAt('/sign-in');
    fireEvent.change(screen.getByLabelText('Bearer token'), { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert').textContent).toMatch(/^That is not a token/);
    expect(screen.getByLabelText('Bearer token').getAttribute('aria-invalid')).toBe('true');
    expect(sessionStorage.length).toBe(0);
  });

  it('keeps a good token for this tab and goes on', () => {
    renderAt('/sign-in');
    fireEvent.change(screen.getByLabelText('Bearer token'), { target: { value: ` ${TOKEN} ` } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('signed in')).toBeTruthy();
    expect(sessionStorage.getItem('switchboard.token')).toBe(TOKEN);
  });
});
