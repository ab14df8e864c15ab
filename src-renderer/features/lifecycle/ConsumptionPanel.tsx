import { useMemo } from 'react';
import type { ParticipantView } from '../../../src-preload/contract';
import type { ConsumptionAccountView, LotView } from '../../../src-preload/contract-lifecycle';
import { CompactTable } from '../../components/CompactTable';
import type { CompactColumn } from '../../components/CompactTable';
import { Countdown } from '../../components/Countdown';
import { Card, ErrorAlert } from '../../components/ui';
import { formatCount, formatInteger } from '../../lib/format';
import { useClient } from '../../stores/exchange';
import { AutoModeCard } from './AutoModeCard';
import { LifecycleHistory } from './LifecycleHistory';
import { LotsTable } from './LotsTable';
import { LotTimeline } from './LotTimeline';
import { useConsumptionAccounts, useTopUps } from './queries';
import { UnitsForm } from './UnitsForm';

const balanceColumns: CompactColumn[] = [
  { label: 'Instrument' },
  { label: 'Trading Units', numeric: true },
  { label: 'Consumption tokens', numeric: true },
  { label: 'Live Lots', numeric: true },
  { label: 'Next expiry' },
];

/**
 * A consumer's Consumption tab: balances per instrument split into trading Units, consumption tokens and
 * Lots (each with a live countdown to its expiry), the one-way transfer to consumption, Auto Mode, and the
 * history of sweeps, transfers and expiries that touched this consumer.
 */
export function ConsumptionPanel({ participant }: { participant: ParticipantView }) {
  const client = useClient();
  const accounts = useConsumptionAccounts(participant.participant_id);
  const lots = useMemo(() => sortLots(accounts.data ?? []), [accounts.data]);
  const live = lots.filter((lot) => lot.status === 'live');
  const finished = lots.filter((lot) => lot.status !== 'live');
  const topUps = useTopUps(participant.participant_id);
  const topUpLots = useMemo(
    () => new Set((topUps.data ?? []).flatMap((topUp) => (topUp.lot_id ? [topUp.lot_id] : []))),
    [topUps.data],
  );

  return (
    <div className="lifecycle">
      <div className="lifecycle-main">
        <Card title="Balances per instrument" region>
          <p className="muted small card-note">
            Bought Units sit in your Trading account until the next sweep (or a transfer) moves them to
            consumption as a Lot of tokens (1 Unit = 1,000,000 tokens) that expires if not used.
          </p>
          <ErrorAlert>{accounts.error}</ErrorAlert>
          {accounts.data ? (
            <ConsumptionBalances participant={participant} accounts={accounts.data} />
          ) : (
            <p className="muted">Loading consumption accounts…</p>
          )}
        </Card>
        <Card title="Lots" region>
          {accounts.data === null ? null : <LotTimeline lots={lots} />}
          {accounts.data === null ? (
            <p className="muted">Loading Lots…</p>
          ) : live.length === 0 ? (
            <p className="muted">
              No live Lots: buy Units, then wait for the next sweep or transfer them to consumption.
            </p>
          ) : (
            <LotsTable lots={live} caption="Live Lots" fileName="live-lots" topUpLots={topUpLots} />
          )}
          {finished.length > 0 ? (
            <details className="finished-lots">
              <summary>
                {finished.length} used-up or expired Lot{finished.length === 1 ? '' : 's'}
              </summary>
              <LotsTable
                lots={finished}
                caption="Used-up and expired Lots"
                fileName="finished-lots"
                topUpLots={topUpLots}
              />
            </details>
          ) : null}
        </Card>
        <LifecycleHistory participant={participant} lots={lots} topUps={topUps.data} />
      </div>
      <div className="lifecycle-side">
        <Card title="Transfer to consumption" className="transfer-card">
          <UnitsForm
            name="Transfer to consumption"
            quantityLabel="Units to transfer"
            submitLabel="Transfer to consumption"
            note={
              <>
                Moves Units from your Trading account to consumption now, as a new Lot. This is{' '}
                <strong>one-way</strong>: tokens in consumption cannot go back to trading or be sold, and what
                is unused at the Lot’s expiry is lost.
              </>
            }
            send={async ({ instrument_id, quantity, symbol }) => {
              const result = await client.call('transfers.toConsumption', {
                participant_id: participant.participant_id,
                instrument_id,
                quantity,
              });
              accounts.reload();
              return (
                `Transferred ${formatCount(quantity, `${symbol} Unit`)} to consumption` +
                (result.lot ? `: ${formatInteger(result.lot.tokens_total)} tokens in a new Lot.` : '.')
              );
            }}
          />
        </Card>
        <AutoModeCard participant={participant} />
      </div>
    </div>
  );
}

/** Live Lots first, soonest expiry first; then the finished ones, newest first. */
function sortLots(accounts: readonly ConsumptionAccountView[]): LotView[] {
  const all = accounts.flatMap((account) => account.lots);
  const live = all
    .filter((lot) => lot.status === 'live')
    .sort((a, b) => a.expires_at.localeCompare(b.expires_at));
  const finished = all
    .filter((lot) => lot.status !== 'live')
    .sort((a, b) => b.formed_at.localeCompare(a.formed_at));
  return [...live, ...finished];
}

function ConsumptionBalances({
  participant,
  accounts,
}: {
  participant: ParticipantView;
  accounts: readonly ConsumptionAccountView[];
}) {
  // Every instrument the consumer holds in either account.
  const symbols = new Map<string, string>();
  for (const units of participant.balances.units) symbols.set(units.instrument_id, units.symbol);
  for (const account of accounts) symbols.set(account.instrument_id, account.symbol);
  if (symbols.size === 0) return <p className="muted">No Units yet: buy some on the Trading tab.</p>;
  return (
    <div className="table-wrap">
      <CompactTable caption="Balances per instrument" columns={balanceColumns} className="units-table">
        {[...symbols].map(([instrumentId, symbol]) => {
          const trading = participant.balances.units.find((u) => u.instrument_id === instrumentId);
          const account = accounts.find((a) => a.instrument_id === instrumentId);
          const liveLots = account?.lots.filter((lot) => lot.status === 'live').length ?? 0;
          return (
            <tr key={instrumentId} data-testid={`consumption-${symbol}`}>
              <th scope="row" className="mono strong">
                {symbol}
              </th>
              <td className="num">{formatInteger(trading?.total ?? 0)}</td>
              <td className="num">{formatInteger(account?.tokens_remaining ?? 0)}</td>
              <td className="num">{formatInteger(liveLots)}</td>
              <td>{account?.next_expiry_at ? <Countdown to={account.next_expiry_at} /> : '—'}</td>
            </tr>
          );
        })}
      </CompactTable>
    </div>
  );
}
