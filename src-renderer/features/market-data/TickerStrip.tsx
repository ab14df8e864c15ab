import type { TickerView } from '../../../src-preload/contract-market-data';
import { ErrorAlert } from '../../components/ui';
import { formatInteger, formatPrice } from '../../lib/format';
import { usePreferences } from '../../stores/preferences';
import { useSelectedInstrument } from '../trading/queries';
import { useTickers } from './queries';

/** "+0.80%", "-1.25%", or a dash without trades in the last 24 h. */
function changeText(ticker: TickerView): { text: string; tone: 'up' | 'down' | 'flat' } {
  const percent = ticker.change_percent_24h;
  if (percent === null) return { text: '—', tone: 'flat' };
  const negative = percent.startsWith('-');
  const zero = /^-?0(\.0+)?$/.test(percent);
  return {
    text: `${negative || zero ? '' : '+'}${percent}%`,
    tone: zero ? 'flat' : negative ? 'down' : 'up',
  };
}

function tooltip(ticker: TickerView): string {
  return [
    `${ticker.symbol}/USD`,
    `Bid ${formatPrice(ticker.best_bid)} · Ask ${formatPrice(ticker.best_ask)}`,
    `24h high ${formatPrice(ticker.high_24h)} · low ${formatPrice(ticker.low_24h)}`,
    `24h volume ${formatInteger(ticker.volume_24h)} Units`,
  ].join('\n');
}

/** Every market's last price, 24 h change and volume; a click selects that market for the desk. */
export function TickerStrip() {
  const tickers = useTickers();
  const selected = useSelectedInstrument()?.trading_parameters.market_id ?? null;
  const setMarket = usePreferences((state) => state.setMarket);
  if (tickers.error && !tickers.data) return <ErrorAlert>Tickers: {tickers.error}</ErrorAlert>;
  return (
    <nav className="ticker-strip" aria-label="Tickers" data-testid="ticker-strip">
      {(tickers.data ?? []).map((ticker) => {
        const change = changeText(ticker);
        return (
          <button
            key={ticker.market_id}
            type="button"
            className="ticker"
            aria-pressed={ticker.market_id === selected}
            title={tooltip(ticker)}
            data-testid={`ticker-${ticker.symbol}`}
            onClick={() => setMarket(ticker.market_id)}
          >
            <span className="ticker-symbol">{ticker.symbol}</span>
            <span className="ticker-last">{formatPrice(ticker.last_price)}</span>
            <span className={`ticker-change ticker-${change.tone}`}>{change.text}</span>
            <span className="ticker-volume">Vol {formatInteger(ticker.volume_24h)}</span>
          </button>
        );
      })}
      {tickers.data === null ? <span className="muted ticker-loading">Loading tickers…</span> : null}
    </nav>
  );
}
