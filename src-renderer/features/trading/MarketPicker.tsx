import { useId } from 'react';
import { useExchangeStore } from '../../stores/exchange';
import { usePreferences } from '../../stores/preferences';
import { useSelectedInstrument } from './queries';

/** Chooses the market the desk (and the operator's Markets tab) shows; the choice is remembered. */
export function MarketPicker() {
  const instruments = useExchangeStore((state) => state.instruments);
  const selected = useSelectedInstrument();
  const setMarket = usePreferences((state) => state.setMarket);
  const id = useId();
  if (!instruments || !selected) return null;
  return (
    <div className="picker">
      <label htmlFor={id}>Market</label>
      <select
        id={id}
        className="market-select"
        value={selected.trading_parameters.market_id}
        onChange={(event) => setMarket(event.target.value)}
      >
        {instruments.map((instrument) => (
          <option key={instrument.instrument_id} value={instrument.trading_parameters.market_id}>
            {instrument.symbol}/USD{instrument.status === 'preview' ? ' (preview)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
