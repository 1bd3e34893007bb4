import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, onUnauthorized } from './api/client.js';
import type { Me, Period, Role } from './api/types.js';

interface Session {
  me: Me | null;
  /** true until /api/me answered on first load. */
  checking: boolean;
  periods: Period[];
  period: string;
  setPeriod: (id: string) => void;
  reloadPeriods: () => Promise<void>;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<Session | null>(null);
const PERIOD_KEY = 'ys_period';

function defaultPeriod(periods: Period[]): string {
  const saved = sessionStorage.getItem(PERIOD_KEY);
  if (saved && periods.some((p) => p.id === saved)) return saved;
  return (periods.find((p) => p.status === 'in_progress') ?? periods[0])?.id ?? '';
}

/** Who is logged in, the assessment periods and the selected one. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const [periods, setPeriods] = useState<Period[]>([]);
  const [period, setPeriodState] = useState('');

  const reloadPeriods = useCallback(async () => {
    const list = await api<Period[]>('/periods');
    setPeriods(list);
    setPeriodState((current) => (current && list.some((p) => p.id === current) ? current : defaultPeriod(list)));
  }, []);

  useEffect(() => {
    api<Me>('/me')
      .then(async (user) => {
        setMe(user);
        await reloadPeriods();
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 401) console.error(error);
      })
      .finally(() => setChecking(false));
    return onUnauthorized(() => setMe(null));
  }, [reloadPeriods]);

  const value = useMemo<Session>(
    () => ({
      me,
      checking,
      periods,
      period,
      setPeriod: (id) => {
        sessionStorage.setItem(PERIOD_KEY, id);
        setPeriodState(id);
      },
      reloadPeriods,
      login: async (username, password) => {
        await api('/auth/login', { method: 'POST', body: { username, password } });
        const user = await api<Me>('/me');
        await reloadPeriods();
        setMe(user);
        return user;
      },
      logout: async () => {
        await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
        setMe(null);
      },
      hasRole: (...roles) => Boolean(me && roles.includes(me.role)),
    }),
    [me, checking, periods, period, reloadPeriods],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session: current user, periods, login/logout. */
export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
