import { Card } from '../../components/ui';
import { CallsBlotter } from './CallsBlotter';
import { AllEndpoints } from './EndpointsPanel';

/** Every call across the exchange (failures and substitutions included), filterable. */
export function OperatorCallsSection() {
  return (
    <section className="section section-fill operator-calls" aria-labelledby="calls-heading">
      <div className="section-header">
        <h2 id="calls-heading">Calls</h2>
        <p className="section-sub">
          Every Consumption API call on the exchange, newest first: who called, who served, the outcome and
          what it cost. Failed, late and out-of-spec calls are not billed and count against their supplier.
        </p>
      </div>
      <CallsBlotter view="operator" scope={{}} csvName="grid-desk-calls" title="Calls" />
    </section>
  );
}

/** Every model endpoint on the exchange, read-only. */
export function OperatorEndpointsSection() {
  return (
    <section className="section operator-endpoints" aria-labelledby="endpoints-heading">
      <div className="section-header">
        <h2 id="endpoints-heading">Model endpoints</h2>
        <p className="section-sub">
          Every supplier&apos;s model endpoints, and whether calls are routed to each now.
        </p>
      </div>
      <Card>
        <AllEndpoints />
      </Card>
    </section>
  );
}
