import type { ParticipantView } from '../../../src-preload/contract';
import type { IssuanceAccountView, SupplierLiabilityView } from '../../../src-preload/contract-lifecycle';
import type { SupplyRegistrationView } from '../../../src-preload/contract-supply';
import { LiveList } from '../../components/LiveList';
import { CompactTable } from '../../components/CompactTable';
import type { CompactColumn } from '../../components/CompactTable';
import { Card, ErrorAlert } from '../../components/ui';
import { Meter, TimeSeriesChart } from '../../components/Charts';
import { formatCount, formatInteger, formatTokens, formatUsd } from '../../lib/format';
import { useClient } from '../../stores/exchange';
import {
  useIssuanceAccounts,
  useIssuances,
  useLiability,
  useFundedLots,
  useLiabilityHistory,
  useSupplyRegistrations,
} from './queries';
import { usePreferences } from '../../stores/preferences';
import { CapacityTable, IssuanceHistory, issueNote } from './Supply';
import { LotTimeline } from './LotTimeline';
import { UnitsForm } from './UnitsForm';

const inventoryColumns: CompactColumn[] = [
  { label: 'Instrument' },
  { label: 'Issuance Units', numeric: true },
  { label: 'Trading Units', numeric: true },
  { label: 'Available to sell', numeric: true },
  { label: 'In sell orders', numeric: true },
];

const salesColumns: CompactColumn[] = [
  { label: 'Instrument' },
  { label: 'Units sold', numeric: true },
  { label: 'Revenue (after fees)', numeric: true },
  { label: 'Fees paid', numeric: true },
];

const liabilityColumns: CompactColumn[] = [
  { label: 'Instrument' },
  { label: 'Units sold', numeric: true },
  { label: 'Tokens delivered', numeric: true },
  { label: 'Tokens expired unused', numeric: true },
  { label: 'Tokens outstanding', numeric: true },
];

/**
 * A supplier's Inventory tab: its capacity per instrument (the tokens per second of its endpoints admitted
 * to the instrument's roster, read-only here: apply and monitor them on the Delivery tab), issuance into
 * the Issuance account (within that capacity), the move from issuance to trading (where
 * Units can be sold), the issuance history, and the liability per instrument: sold, delivered, expired
 * and outstanding.
 */
export function InventoryPanel({ participant }: { participant: ParticipantView }) {
  const client = useClient();
  const participantId = participant.participant_id;
  const registrations = useSupplyRegistrations(participantId);
  const issuance = useIssuanceAccounts(participantId);
  const issuances = useIssuances(participantId);
  const liability = useLiability(participantId);
  const setSection = usePreferences((state) => state.setParticipantSection);
  const showDelivery = () => setSection('delivery');
  const registrationOf = (instrumentId: string) =>
    registrations.data?.find((r) => r.instrument_id === instrumentId);

  return (
    <div className="lifecycle">
      <div className="lifecycle-main">
        <Card
          title="Capacity"
          region
          actions={
            <button type="button" className="btn btn-xs" onClick={showDelivery}>
              Delivery monitor
            </button>
          }
        >
          <p className="muted small card-note">
            Your capacity in an instrument is the tokens per second of your endpoints admitted to its roster.
            You may issue up to its cap: capacity × the Lot lifetime, less what you have already committed.
          </p>
          <LiveList
            live={registrations}
            loading="Loading your capacity…"
            empty="No admitted endpoint yet: apply one to an instrument's roster on the Delivery tab."
          >
            {(rows) => (
              <>
                <CapacityMeters registrations={rows} />
                <CapacityTable registrations={rows} />
              </>
            )}
          </LiveList>
        </Card>
        <Card title="Inventory" region>
          <p className="muted small card-note">
            Issued Units wait in your Issuance account; move them to trading to sell them. Units in trading
            are available to sell or locked in your open sell orders.
          </p>
          <ErrorAlert>{issuance.error}</ErrorAlert>
          {issuance.data ? (
            <InventoryTable participant={participant} issuance={issuance.data} />
          ) : (
            <p className="muted">Loading the Issuance account…</p>
          )}
        </Card>
        <Card title="Supplier liability" region>
          <p className="muted small card-note">
            Every Unit sold is 1,000,000 tokens you owe until they are delivered or expire unused: outstanding
            = sold × 1,000,000 − delivered − expired.
          </p>
          <LiveList live={liability} loading="Loading liability…" empty="Nothing sold yet: no liability.">
            {(rows) => <LiabilityTable rows={rows} />}
          </LiveList>
          <LiabilityCharts participantId={participantId} />
          <FundedLots participantId={participantId} />
        </Card>
        <Card title="Sales" region>
          <p className="muted small card-note">
            What your sell orders filled, per instrument: revenue is what the buyers paid less your fees.
          </p>
          <LiveList live={liability} loading="Loading sales…" empty="Nothing sold yet.">
            {(rows) => <SalesTable rows={rows} />}
          </LiveList>
        </Card>
        <Card title="Issuance history" region>
          <LiveList live={issuances} loading="Loading issuances…" empty="Nothing issued yet.">
            {(rows) => <IssuanceHistory issuances={rows} />}
          </LiveList>
        </Card>
      </div>
      <div className="lifecycle-side">
        <Card title="Capacity comes from rosters">
          <p className="muted small">
            Register a model endpoint, apply it to an instrument&apos;s roster with its declared figures and
            capacity, and once the operator admits it (after a probe) its tokens per second back your issuance
            there. A suspended endpoint stops backing it.
          </p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={showDelivery}>
              Apply an endpoint
            </button>
          </div>
        </Card>
        <Card title="Issue Units">
          <UnitsForm
            name="Issue Units"
            quantityLabel="Units to issue"
            submitLabel="Issue"
            note="Issued Units go into your Issuance account. Each is 1,000,000 tokens you must be able to serve."
            explain={(instrumentId, symbol) =>
              registrations.data
                ? issueNote(registrationOf(instrumentId), symbol)
                : { blocked: true, text: 'Checking your admitted capacity…' }
            }
            send={async ({ instrument_id, quantity, symbol }) => {
              await client.call('supply.issue', { participant_id: participantId, instrument_id, quantity });
              return `Issued ${formatCount(quantity, `${symbol} Unit`)} into your Issuance account.`;
            }}
          />
        </Card>
        <Card title="Move to trading">
          <UnitsForm
            name="Move to trading"
            quantityLabel="Units to move"
            submitLabel="Move to trading"
            note="Moves Units from your Issuance account to your Trading account, where the order ticket can sell them."
            send={async ({ instrument_id, quantity, symbol }) => {
              await client.call('issuance.toTrading', {
                participant_id: participantId,
                instrument_id,
                quantity,
              });
              return `Moved ${formatCount(quantity, `${symbol} Unit`)} to trading.`;
            }}
          />
        </Card>
      </div>
    </div>
  );
}

function InventoryTable({
  participant,
  issuance,
}: {
  participant: ParticipantView;
  issuance: readonly IssuanceAccountView[];
}) {
  const symbols = new Map<string, string>();
  for (const account of issuance) symbols.set(account.instrument_id, account.symbol);
  for (const units of participant.balances.units) symbols.set(units.instrument_id, units.symbol);
  if (symbols.size === 0)
    return <p className="muted">No Units yet: issue some, then move them to trading.</p>;
  return (
    <div className="table-wrap">
      <CompactTable caption="Inventory per instrument" columns={inventoryColumns} className="units-table">
        {[...symbols].map(([instrumentId, symbol]) => {
          const held = issuance.find((a) => a.instrument_id === instrumentId)?.units ?? 0;
          const trading = participant.balances.units.find((u) => u.instrument_id === instrumentId);
          return (
            <tr key={instrumentId} data-testid={`inventory-${symbol}`}>
              <th scope="row" className="mono strong">
                {symbol}
              </th>
              <td className="num">{formatInteger(held)}</td>
              <td className="num">{formatInteger(trading?.total ?? 0)}</td>
              <td className="num">{formatInteger(trading?.available ?? 0)}</td>
              <td className="num">{formatInteger(trading?.locked ?? 0)}</td>
            </tr>
          );
        })}
      </CompactTable>
    </div>
  );
}

function LiabilityTable({ rows }: { rows: readonly SupplierLiabilityView[] }) {
  return (
    <div className="table-wrap">
      <CompactTable
        caption="Supplier liability per instrument"
        columns={liabilityColumns}
        className="units-table"
      >
        {rows.map((row) => (
          <tr key={row.instrument_id} data-testid={`liability-${row.symbol}`}>
            <th scope="row" className="mono strong">
              {row.symbol}
            </th>
            <td className="num">{formatInteger(row.units_sold)}</td>
            <td className="num">{formatInteger(row.tokens_delivered)}</td>
            <td className="num">{formatInteger(row.tokens_expired)}</td>
            <td className="num strong">{formatInteger(row.tokens_outstanding)}</td>
          </tr>
        ))}
      </CompactTable>
    </div>
  );
}

/** Per instrument: what it has committed (outstanding liability and unsold Units) against its cap. */
function CapacityMeters({ registrations }: { registrations: readonly SupplyRegistrationView[] }) {
  return (
    <div className="meters" data-testid="capacity-meters">
      {registrations.map((r) => (
        <Meter
          key={r.instrument_id}
          label={`${r.symbol} committed of cap`}
          value={r.committed_tokens}
          max={r.cap_tokens}
          valueText={`${formatInteger(r.committed_tokens)} tokens`}
          maxText={`${formatInteger(r.cap_tokens)}`}
          noLimit="no cap: no admitted capacity"
          testId={`capacity-meter-${r.symbol}`}
        />
      ))}
    </div>
  );
}

/** Outstanding liability over time, one chart per instrument the supplier has owed tokens in. */
function LiabilityCharts({ participantId }: { participantId: string }) {
  const history = useLiabilityHistory(participantId);
  if (!history.data) return <ErrorAlert>{history.error}</ErrorAlert>;
  const empty = 'Nothing sold yet: the line starts with your first sale.';
  return (
    <div className="series-charts">
      {history.data.length === 0 ? (
        <TimeSeriesChart
          title="Tokens outstanding over time"
          values={[]}
          format={formatTokens}
          empty={empty}
          testId="liability-chart"
        />
      ) : null}
      {history.data.map((series) => (
        <TimeSeriesChart
          key={series.instrument_id}
          title={
            <>
              <span className="mono">{series.symbol}</span> tokens outstanding
            </>
          }
          values={series.points.map((point) => ({ time: point.time, value: point.tokens_outstanding }))}
          format={(value) => formatInteger(Math.round(value))}
          empty={empty}
          testId={`liability-chart-${series.symbol}`}
          steps
          tone="warn"
        />
      ))}
    </div>
  );
}

/** When the Lots its Units fund formed and when they expire: what it owes ends at the latest. */
function FundedLots({ participantId }: { participantId: string }) {
  const lots = useFundedLots(participantId);
  if (!lots.data) return <ErrorAlert>{lots.error}</ErrorAlert>;
  return (
    <div className="funded-lots">
      <LotTimeline
        lots={lots.data}
        caption="Lifetimes of the Lots your Units fund (your share)"
        empty="No buyer's Lot holds your tokens now: Units sold reach consumption at the next sweep or transfer."
        testId="funded-lot-timeline"
      />
    </div>
  );
}

function SalesTable({ rows }: { rows: readonly SupplierLiabilityView[] }) {
  return (
    <div className="table-wrap">
      <CompactTable caption="Sales per instrument" columns={salesColumns} className="units-table">
        {rows.map((row) => (
          <tr key={row.instrument_id} data-testid={`sales-${row.symbol}`}>
            <th scope="row" className="mono strong">
              {row.symbol}
            </th>
            <td className="num">{formatInteger(row.units_sold)}</td>
            <td className="num strong">{formatUsd(row.sales_revenue)}</td>
            <td className="num">{formatUsd(row.fees)}</td>
          </tr>
        ))}
      </CompactTable>
    </div>
  );
}
