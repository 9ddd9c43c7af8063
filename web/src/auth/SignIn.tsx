import { FormEvent, useId, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { usePageTitle } from '../components/usePageTitle';
import { useAuth } from './AuthContext';
import { tokenProblem } from './token';

/** Paste a token, or arrive through a link from `switchboard token --link`. */
export function SignIn() {
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const fieldId = useId();
  usePageTitle('Sign in');
  const back = (location.state as { from?: string } | null)?.from ?? '/';

  if (auth.token) return <Navigate to={back} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = tokenProblem(text);
    setProblem(p);
    if (p) return;
    auth.signIn(text.trim());
    navigate(back, { replace: true });
  };

  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <h1>Sign in to Switchboard</h1>
      {auth.notice && (
        <p className="notice" role="alert">
          {auth.notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <label htmlFor={fieldId}>Bearer token</label>
        <textarea
          id={fieldId}
          name="token"
          rows={5}
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${fieldId}-help${problem ? ` ${fieldId}-problem` : ''}`}
        />
        {problem && (
          <p id={`${fieldId}-problem`} className="field-problem" role="alert">
            {problem}
          </p>
        )}
        <p id={`${fieldId}-help`} className="help">
          Ask your administrator for a sign-in link, or mint a token yourself:{' '}
          <code>npx switchboard token --role agent --employee E1010 --link</code> prints a link that signs you in
          directly. The token stays in this browser tab only.
        </p>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
