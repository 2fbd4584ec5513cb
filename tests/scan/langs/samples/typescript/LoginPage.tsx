import { useState } from 'react';
import { useAuth } from './auth';

export function LoginPage(): JSX.Element {
  const auth = useAuth();
  const [username, setUsername] = useState<string>('');
  const [password, setPassword] = useState<string>('');
  const [account, setAccount] = useState<string>('');
  const submit = async () => {
    await auth.login({ username, password, account });
  };
  return (
    <form onSubmit={submit}>
      <input value={username} onChange={(e) => setUsername(e.target.value)} />
      <input value={account} onChange={(e) => setAccount(e.target.value)} />
      <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
    </form>
  );
}
