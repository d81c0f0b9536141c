/** The kiosk: the pairing screen until this tablet has a device token, then the entrance. */
import { useCallback, useMemo, useState } from 'react';
import { KioskScreen } from './kiosk-screen.tsx';
import { PairScreen } from './pair-screen.tsx';
import { kioskClient, storedToken, storeToken } from './session.ts';

export function App() {
  const [token, setToken] = useState(storedToken);
  const unpair = useCallback(() => {
    storeToken(null);
    setToken(null);
  }, []);
  const api = useMemo(() => kioskClient(token, unpair), [token, unpair]);
  if (!token) {
    return (
      <PairScreen
        onPaired={(t) => {
          storeToken(t);
          setToken(t);
        }}
      />
    );
  }
  return <KioskScreen api={api} token={token} onUnauthorized={unpair} />;
}
