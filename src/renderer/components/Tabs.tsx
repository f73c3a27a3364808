import type { KeyboardEvent } from 'react';

export type TabId = 'traffic' | 'problems' | 'peers' | 'flows' | 'stats' | 'cluster' | 'settings';

const TABS: { id: TabId; label: string }[] = [
  { id: 'traffic', label: 'Traffic' },
  { id: 'problems', label: 'Problems' },
  { id: 'peers', label: 'Peers' },
  { id: 'flows', label: 'Flows' },
  { id: 'stats', label: 'Stats' },
  { id: 'cluster', label: 'Cluster' },
  { id: 'settings', label: 'Settings' },
];

/** WAI-ARIA tabs: arrow keys move between tabs, Tab moves into the panel. */
export function Tabs({ value, onChange, problems }: { value: TabId; onChange: (tab: TabId) => void; problems: number }) {
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === value);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = TABS.length - 1;
    const tab = TABS[next];
    if (!tab) return;
    e.preventDefault();
    onChange(tab.id);
    document.getElementById(`tab-${tab.id}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Dashboard views" onKeyDown={onKey}>
      {TABS.map((t) => (
        <button
          key={t.id}
          id={`tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={t.id === value}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === value ? 0 : -1}
          className="tab"
          onClick={() => onChange(t.id)}
        >
          {t.label}
          {t.id === 'problems' && problems > 0 && (
            <span className="tab-count" data-testid="problem-count">
              {problems}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
