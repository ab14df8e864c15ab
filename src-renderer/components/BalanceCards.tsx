import type { UsdBalanceView } from '../../src-preload/contract';
import { formatUsd, isNegativeDecimal } from '../lib/format';

const parts: { key: keyof UsdBalanceView; label: string; note: string }[] = [
  { key: 'total', label: 'USD total', note: 'All USD credit held' },
  { key: 'available', label: 'Available', note: 'Free to spend or withdraw' },
  { key: 'locked', label: 'Locked', note: 'Reserved by open orders' },
];

/** USD total / available / locked, each as a card. Amounts are decimal strings, shown as they are. */
export function BalanceCards({ usd, compact = false }: { usd: UsdBalanceView; compact?: boolean }) {
  return (
    <div className={`balances${compact ? ' balances-compact' : ''}`}>
      {parts.map(({ key, label, note }) => (
        <div className="balance" key={key} data-testid={`balance-${key}`}>
          <div className="balance-label">{label}</div>
          <div className={`balance-value${isNegativeDecimal(usd[key]) ? ' neg' : ''}`}>
            {formatUsd(usd[key])}
          </div>
          {compact ? null : <div className="balance-note">{note}</div>}
        </div>
      ))}
    </div>
  );
}
