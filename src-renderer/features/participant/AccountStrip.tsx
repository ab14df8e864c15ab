import { useMemo } from 'react';
import type { InstrumentView, ParticipantView } from '../../../src-preload/contract';
import { StatusBadge } from '../../components/ui';
import { formatInteger, formatUsd, isNegativeDecimal } from '../../lib/format';
import { useTickers } from '../market-data/queries';
import { portfolioValue } from './portfolio';

function Figure({
  label,
  value,
  testId,
  title,
}: {
  label: string;
  value: string;
  testId?: string;
  title?: string;
}) {
  return (
    <div className="strip-figure" data-testid={testId} title={title}>
      <span className="strip-label">{label}</span>
      <span className={`strip-value num${isNegativeDecimal(value.replace(/[$,]/g, '')) ? ' neg' : ''}`}>
        {value}
      </span>
    </div>
  );
}

/**
 * The trading desk's header line (beside the participant picker, which names who you act as): USD
 * total/available/locked, the selected market's Units, and the account's value at the last trade prices.
 * The full balances are on the other tabs.
 */
export function AccountStrip({
  participant,
  instrument,
}: {
  participant: ParticipantView;
  instrument: InstrumentView | null;
}) {
  const tickers = useTickers();
  const { usd, units } = participant.balances;
  const held = instrument
    ? units.find((balance) => balance.instrument_id === instrument.instrument_id)
    : undefined;
  const portfolio = useMemo(
    () =>
      tickers.data
        ? portfolioValue(
            usd.total,
            units,
            new Map(tickers.data.map((ticker) => [ticker.symbol, ticker.last_price])),
          )
        : null,
    [tickers.data, usd.total, units],
  );
  return (
    <div className="account-strip" role="group" aria-label="Account">
      {participant.status !== 'active' ? <StatusBadge status={participant.status} /> : null}
      <Figure label="USD total" value={formatUsd(usd.total)} testId="balance-total" />
      <Figure label="Available" value={formatUsd(usd.available)} testId="balance-available" />
      <Figure label="Locked" value={formatUsd(usd.locked)} testId="balance-locked" />
      {instrument ? (
        <>
          <span className="strip-sep" aria-hidden="true" />
          <div className="strip-units" data-testid={`units-${instrument.symbol}`}>
            <span className="mono strong">{instrument.symbol}</span>
            <Figure label="Units" value={formatInteger(held?.total ?? 0)} />
            <Figure label="Available" value={formatInteger(held?.available ?? 0)} />
            <Figure label="Locked" value={formatInteger(held?.locked ?? 0)} />
          </div>
        </>
      ) : null}
      {portfolio ? (
        <>
          <span className="strip-sep" aria-hidden="true" />
          <Figure
            label="Value at last price"
            value={formatUsd(portfolio.value)}
            testId="portfolio-value"
            title={
              portfolio.unpriced.length > 0
                ? `USD plus your Units at each market's last trade price; ${portfolio.unpriced.join(', ')} not traded yet, left out`
                : "USD plus your Units at each market's last trade price"
            }
          />
        </>
      ) : null}
    </div>
  );
}
