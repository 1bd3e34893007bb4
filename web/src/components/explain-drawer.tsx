import { Drawer, Spin } from 'antd';
import { createContext, lazy, type ReactNode, Suspense, useCallback, useContext, useMemo, useState } from 'react';
import { useI18n } from '../i18n/index.js';

// Loaded on first use: the drawer body (tables, descriptions) is not needed for the first page load.
const ExplainBody = lazy(() => import('./explain-body.js'));

/** What to explain: a KPI in a period, optionally within a scope (`channel:抖音,team:内容团队`). */
export interface ExplainTarget {
  kpi: string;
  period: string;
  scope?: string;
}

const ExplainContext = createContext<(target: ExplainTarget) => void>(() => undefined);

/** Opens the lineage drawer for a KPI value from anywhere in the app. */
export function useExplain(): (target: ExplainTarget) => void {
  return useContext(ExplainContext);
}

/** Provides useExplain() and renders the explain drawer (definition version, formula, SQL, measures, row ids). */
export function ExplainProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [target, setTarget] = useState<ExplainTarget | null>(null);
  const open = useCallback((next: ExplainTarget) => setTarget(next), []);
  const value = useMemo(() => open, [open]);
  return (
    <ExplainContext.Provider value={value}>
      {children}
      <Drawer
        title={t('explain.title')}
        open={Boolean(target)}
        onClose={() => setTarget(null)}
        width={Math.min(720, window.innerWidth)}
        destroyOnHidden
      >
        {target && (
          <Suspense fallback={<Spin />}>
            <ExplainBody target={target} />
          </Suspense>
        )}
      </Drawer>
    </ExplainContext.Provider>
  );
}
