import { Hono } from 'hono';
import { z } from 'zod';
import { DecisionBody, RevisionBody, RosterEntryId, SpecBody } from '../../src-preload/contract-rosters';
import { CallSchema, UsageQuery } from '../../src-preload/contract-consumption';
import type { Operations } from '../service/operations';
import { usageCsv } from '../service/usage';
import { readJson } from './http-utils';
import { operatorAuth } from './operator-auth';
import { parseOrThrow } from './validation';

const Action = z.enum(['admit', 'reject', 'suspend', 'remove', 'readmit']);

/**
 * The operator's rosters, probes, specification revisions and calls, under /v1/admin:
 * `GET /rosters/{instrument_id}`, `POST /roster-entries/{id}/{admit|reject|suspend|remove|readmit}`
 * `{"reason"}`, `POST|GET /roster-entries/{id}/probes`, `GET|POST /spec-revisions`,
 * `POST /spec-revisions/preview`, `GET /calls` (JSON) and `GET /calls.csv`.
 */
export function rosterAdminRoutes(ops: Operations): Hono {
  const app = new Hono();
  const rosters = ops.rosters;
  const operatorId = () => ops.service.operator()!.participant_id;
  const entryId = (id: string) => parseOrThrow(RosterEntryId, id);
  app.use('*', operatorAuth(ops));

  app.get('/rosters/:instrument_id', (c) => c.json({ data: rosters.roster(c.req.param('instrument_id')) }));
  // Before `/:id/:action`, which would otherwise take `probes` for an action.
  app.post('/roster-entries/:id/probes', (c) => {
    const { probe } = rosters.probe(entryId(c.req.param('id')), "operator's request");
    return c.json({ data: probe }, 202);
  });
  app.post('/roster-entries/:id/:action', async (c) => {
    const action = parseOrThrow(Action, c.req.param('action'));
    const { reason } = parseOrThrow(DecisionBody, await readJson(c));
    return c.json({ data: await rosters.decide(entryId(c.req.param('id')), action, reason, operatorId()) });
  });
  app.get('/roster-entries/:id/probes', (c) =>
    c.json({ data: rosters.probeHistory(entryId(c.req.param('id')), 20) }),
  );
  app.get('/spec-revisions', (c) => c.json({ data: rosters.revisions(c.req.query('instrument_id')) }));
  app.post('/spec-revisions/preview', async (c) => {
    const body = parseOrThrow(
      z.object({ instrument_id: z.string(), spec: SpecBody }).strict(),
      await readJson(c),
    );
    return c.json({ data: rosters.preview(body.instrument_id, body.spec) });
  });
  app.post('/spec-revisions', async (c) => {
    const body = parseOrThrow(RevisionBody, await readJson(c));
    return c.json({ data: await rosters.publish(body, operatorId()) }, 201);
  });
  app.get('/calls', async (c) => {
    const page = await ops.usage.page(parseOrThrow(UsageQuery, c.req.query()));
    return c.json({ data: z.array(CallSchema).parse(page.calls), next_before: page.next_before });
  });
  app.get('/calls.csv', async (c) => {
    const page = await ops.usage.page(parseOrThrow(UsageQuery, c.req.query()));
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="grid-desk-calls.csv"');
    return c.body(usageCsv(page.calls));
  });
  return app;
}
