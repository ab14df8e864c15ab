import type { z } from 'zod';
import type {
  ApplicationBody,
  ProbeView,
  PublicRosterView,
  RevisionBody,
  RevisionImpact,
  RevisionView,
  RosterEntryView,
  SpecBody,
} from '../../src-preload/contract-rosters';
import type { Instrument, InstrumentSpec } from '../engine/instruments';
import type { RosterEntry, SpecRevision } from '../engine/roster';
import { ExchangeError } from './errors';
import { type ExchangeService, SYSTEM_ACTOR } from './exchange-service';
import { newId } from './ids';
import type { ModelEndpoints } from './model-endpoints';
import { breachReasons, type DeliveryMonitor, windowFigures } from './monitor';
import type { Probes } from './probes';
import type { Timers } from './timers';
import { MAX_TIMER_MS } from './timers';

const iso = (ms: number) => new Date(ms).toISOString();
const STATUS_ORDER = { pending: 0, admitted: 1, suspended: 2, rejected: 3, removed: 4 } as const;
const ACTION_STATUS = {
  admit: 'admitted',
  readmit: 'admitted',
  reject: 'rejected',
  suspend: 'suspended',
  remove: 'removed',
} as const;

export const newRosterEntryId = () => newId('rosterEntry');

/**
 * Eligibility rosters in wire shapes: suppliers apply endpoints (a probe starts at once), the operator
 * admits, rejects, suspends, removes or re-admits (after a passing probe), and revises specifications with
 * notice; the impact of a draft is previewed from probes and windows.
 */
export class RosterOperations {
  constructor(
    private readonly service: ExchangeService,
    private readonly endpoints: ModelEndpoints,
    private readonly probes: Probes,
    private readonly monitor: DeliveryMonitor,
  ) {}

  private get state() {
    return this.service.engine.state;
  }

  async apply(
    participantId: string,
    endpointId: string,
    body: z.output<typeof ApplicationBody>,
    actor: string,
  ): Promise<RosterEntryView> {
    const endpoint = this.endpoints.owned(participantId, endpointId);
    const { result } = await this.service.submit<RosterEntry>(
      {
        type: 'apply_to_roster',
        entry_id: newRosterEntryId(),
        endpoint_id: endpoint.endpoint_id,
        participant_id: participantId,
        instrument_id: body.instrument_id,
        declared: {
          quality_score: body.quality_score,
          quality_source: body.quality_source,
          context_window: body.context_window,
          max_output_tokens: body.max_output_tokens,
          tokens_per_second: body.tokens_per_second,
        },
      },
      actor,
    );
    this.probe(result.entry_id, 'on application');
    return this.view(result);
  }

  async decide(
    entryId: string,
    action: keyof typeof ACTION_STATUS,
    reason: string,
    actor: string,
  ): Promise<RosterEntryView> {
    const entry = this.entry(entryId);
    if (action === 'readmit') {
      if (entry.status !== 'suspended')
        throw new ExchangeError(409, `only a suspended entry is re-admitted; this one is ${entry.status}`);
      const probe = entry.endpoint_id && this.probes.latest(entry.endpoint_id, entry.instrument_id);
      if (!probe || probe.status !== 'passed' || Date.parse(probe.started_at) < entry.changed_at)
        throw new ExchangeError(
          409,
          're-admission needs a probe that passed since the suspension: run one first',
        );
    }
    if (action === 'admit' && entry.status !== 'pending')
      throw new ExchangeError(
        409,
        `only a pending entry is admitted; re-admit a suspended one (this one is ${entry.status})`,
      );
    const { result } = await this.service.submit<RosterEntry>(
      { type: 'set_roster_status', entry_id: entryId, status: ACTION_STATUS[action], reason },
      actor,
    );
    return this.view(result);
  }

  /** Starts a probe of the entry's endpoint against its instrument. */
  probe(
    entryId: string,
    reason: string,
    participantId?: string,
  ): { probe: ProbeView; done: Promise<ProbeView> } {
    const entry = this.entry(entryId);
    if (participantId !== undefined && entry.participant_id !== participantId)
      throw new ExchangeError(404, `roster entry ${entryId} not found`);
    if (entry.endpoint_id === null) throw new ExchangeError(409, 'this entry has no endpoint to probe');
    const endpoint = this.state.endpoints.get(entry.endpoint_id)!;
    if (endpoint.status === 'deleted') throw new ExchangeError(409, 'the endpoint was deleted');
    return this.probes.start(
      endpoint,
      this.state.instruments.get(entry.instrument_id)!,
      entry.declared,
      entryId,
      reason,
    );
  }

  probeHistory(entryId: string, limit: number): ProbeView[] {
    const entry = this.entry(entryId);
    return entry.endpoint_id === null ? [] : this.probes.list(entry.endpoint_id, entry.instrument_id, limit);
  }

  samples(entryId: string) {
    const entry = this.entry(entryId);
    const spec = this.state.instruments.get(entry.instrument_id)!.spec;
    const samples =
      entry.endpoint_id === null ? [] : this.monitor.samples(entry.endpoint_id, entry.instrument_id);
    return {
      samples: samples.map((s) => ({
        at: iso(s.at),
        outcome: s.outcome,
        ttft_ms: s.ttft_ms,
        tokens_per_second: s.throughput_milli_tps === null ? null : s.throughput_milli_tps / 1000,
      })),
      ttft_max_ms: spec.ttft_max_ms,
      throughput_floor_tps: spec.throughput_floor_tps,
    };
  }

  /** One instrument's roster: pending first, then admitted, suspended, rejected, removed. */
  roster(instrumentId: string): RosterEntryView[] {
    const { instrument_id } = this.instrument(instrumentId);
    return this.sorted([...this.state.roster.values()].filter((e) => e.instrument_id === instrument_id));
  }

  mine(participantId: string): RosterEntryView[] {
    return this.sorted([...this.state.roster.values()].filter((e) => e.participant_id === participantId));
  }

  /** What the public sees: the admitted suppliers and models of an instrument, no secrets. */
  publicRoster(instrumentId: string): PublicRosterView {
    const instrument = this.instrument(instrumentId);
    const entries = [...this.state.roster.values()]
      .filter((e) => e.instrument_id === instrument.instrument_id && e.status === 'admitted')
      .sort((a, b) => a.changed_at - b.changed_at || (a.entry_id < b.entry_id ? -1 : 1))
      .map((e) => {
        const endpoint = e.endpoint_id === null ? undefined : this.state.endpoints.get(e.endpoint_id);
        return {
          supplier: this.state.participants.get(e.participant_id)?.name ?? e.participant_id,
          model: endpoint ? (endpoint.upstream?.model ?? endpoint.name) : 'capacity without an endpoint',
          kind: endpoint?.kind ?? null,
          quality_score: e.declared.quality_score,
          quality_source: e.declared.quality_source,
          admitted_since: iso(e.changed_at),
        };
      });
    return { instrument_id: instrument.instrument_id, symbol: instrument.symbol, entries };
  }

  revisions(instrumentId?: string): RevisionView[] {
    return [...this.state.revisions.values()]
      .filter((r) => instrumentId === undefined || r.instrument_id === instrumentId)
      .sort((a, b) => b.published_at - a.published_at)
      .map((r) => this.revisionView(r));
  }

  upcoming(instrumentId: string): RevisionView | null {
    const r = [...this.state.revisions.values()].find(
      (x) => x.instrument_id === instrumentId && x.applied_at === null,
    );
    return r ? this.revisionView(r) : null;
  }

  /** Which admitted entries a draft would fail (from their latest probe and window), and who still qualifies. */
  preview(instrumentId: string, draft: z.output<typeof SpecBody>): RevisionImpact {
    const instrument = this.instrument(instrumentId);
    const spec: InstrumentSpec = { ...draft, quality_index: instrument.spec.quality_index };
    const admitted = [...this.state.roster.values()].filter(
      (e) => e.instrument_id === instrumentId && e.status === 'admitted',
    );
    const failing = admitted.flatMap((e) => {
      const reasons = this.failures(e, spec);
      if (reasons.length === 0) return [];
      return [
        {
          entry_id: e.entry_id,
          supplier_name: this.state.participants.get(e.participant_id)?.name ?? e.participant_id,
          endpoint_name:
            e.endpoint_id === null ? null : (this.state.endpoints.get(e.endpoint_id)?.name ?? null),
          reasons,
        },
      ];
    });
    const failed = new Set(failing.map((f) => f.entry_id));
    const qualifying = admitted.filter((e) => !failed.has(e.entry_id));
    const earliest = this.service.clock() + this.state.specNoticeMs;
    return {
      failing,
      qualifying_entries: qualifying.length,
      qualifying_suppliers: new Set(qualifying.map((e) => e.participant_id)).size,
      notice_hours: this.state.specNoticeMs / 3_600_000,
      earliest_effective_at: iso(earliest),
    };
  }

  async publish(body: z.output<typeof RevisionBody>, actor: string): Promise<RevisionView> {
    const instrument = this.instrument(body.instrument_id);
    const { result } = await this.service.submit<SpecRevision>(
      {
        type: 'publish_spec_revision',
        revision_id: newId('revision'),
        instrument_id: instrument.instrument_id,
        spec: { ...body.spec, quality_index: instrument.spec.quality_index },
        effective_at: Date.parse(body.effective_at),
      },
      actor,
    );
    return this.revisionView(result);
  }

  /**
   * A revision takes effect: the instrument's spec changes, then every admitted endpoint is probed
   * against it and those that fail are suspended (actor: the exchange).
   */
  async applyRevision(revision: SpecRevision): Promise<void> {
    await this.service.submit(
      { type: 'apply_spec_revision', revision_id: revision.revision_id },
      SYSTEM_ACTOR,
    );
    const admitted = [...this.state.roster.values()].filter(
      (e) => e.instrument_id === revision.instrument_id && e.status === 'admitted' && e.endpoint_id !== null,
    );
    await Promise.all(
      admitted.map(async (entry) => {
        const reason = `specification version ${revision.version} took effect`;
        let report = await this.probe(entry.entry_id, reason).done;
        // A probe already running when the revision took effect judged the old spec: probe again.
        if (report.reason !== reason) report = await this.probe(entry.entry_id, reason).done;
        if (report.status === 'passed') return;
        const failed = report.dimensions
          .filter((d) => !d.passed)
          .map((d) => `${d.name} ${d.measured} (${d.threshold})`);
        const still = this.state.roster.get(entry.entry_id);
        if (still?.status !== 'admitted') return;
        await this.service.submit(
          {
            type: 'set_roster_status',
            entry_id: entry.entry_id,
            status: 'suspended',
            reason: `fails specification version ${revision.version}: ${failed.join('; ')}`,
          },
          SYSTEM_ACTOR,
        );
      }),
    );
  }

  view(entry: RosterEntry): RosterEntryView {
    const endpoint = entry.endpoint_id === null ? undefined : this.state.endpoints.get(entry.endpoint_id);
    return {
      entry_id: entry.entry_id,
      instrument_id: entry.instrument_id,
      symbol: this.state.instruments.get(entry.instrument_id)?.symbol ?? entry.instrument_id,
      participant_id: entry.participant_id,
      supplier_name: this.state.participants.get(entry.participant_id)?.name ?? entry.participant_id,
      endpoint_id: entry.endpoint_id,
      endpoint_name: endpoint?.name ?? null,
      status: entry.status,
      declared: { ...entry.declared },
      reason: entry.reason,
      changed_by:
        entry.changed_by === SYSTEM_ACTOR
          ? 'Grid Desk (monitor)'
          : (this.state.participants.get(entry.changed_by)?.name ?? entry.changed_by),
      changed_at: iso(entry.changed_at),
      applied_at: iso(entry.applied_at),
      window: entry.endpoint_id === null ? null : this.monitor.window(entry.endpoint_id, entry.instrument_id),
      latest_probe:
        entry.endpoint_id === null ? null : this.probes.latest(entry.endpoint_id, entry.instrument_id),
    };
  }

  private failures(entry: RosterEntry, spec: InstrumentSpec): string[] {
    if (entry.endpoint_id === null) return [];
    const reasons: string[] = [];
    const window = this.monitor.window(entry.endpoint_id, entry.instrument_id);
    const figures = windowFigures(
      this.monitor.samples(entry.endpoint_id, entry.instrument_id).slice(-this.monitor.options.windowCalls),
      window.calls_last_hour,
      spec,
      this.monitor.options.minCalls,
    );
    reasons.push(...breachReasons(figures, spec).map((r) => `window: ${r}`));
    const probe = this.probes.latest(entry.endpoint_id, entry.instrument_id);
    const speed = probe?.samples.filter((s) => s.kind === 'speed') ?? [];
    const ttfts = speed.flatMap((s) => (s.ttft_ms === null ? [] : [s.ttft_ms]));
    const rates = speed.flatMap((s) => (s.tokens_per_second === null ? [] : [s.tokens_per_second]));
    if (ttfts.length && Math.max(...ttfts) > spec.ttft_max_ms)
      reasons.push(`probe: TTFT up to ${Math.max(...ttfts)} ms over ${spec.ttft_max_ms} ms`);
    if (rates.length && spec.throughput_floor_tps !== null && Math.min(...rates) < spec.throughput_floor_tps)
      reasons.push(`probe: ${Math.min(...rates)} tokens/s under ${spec.throughput_floor_tps} tokens/s`);
    if (spec.quality_floor !== null && entry.declared.quality_score < spec.quality_floor)
      reasons.push(`declared quality ${entry.declared.quality_score} under ${spec.quality_floor}`);
    if (entry.declared.context_window < spec.context_window_min_tokens)
      reasons.push(
        `declared context ${entry.declared.context_window} under ${spec.context_window_min_tokens}`,
      );
    if (entry.declared.max_output_tokens < spec.output_length_min_tokens)
      reasons.push(
        `declared output ${entry.declared.max_output_tokens} under ${spec.output_length_min_tokens}`,
      );
    return reasons;
  }

  private sorted(entries: RosterEntry[]): RosterEntryView[] {
    return entries
      .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.changed_at - a.changed_at)
      .map((e) => this.view(e));
  }

  private entry(entryId: string): RosterEntry {
    const entry = this.state.roster.get(entryId);
    if (!entry) throw new ExchangeError(404, `roster entry ${entryId} not found`);
    return entry;
  }

  private instrument(idOrSymbol: string): Instrument {
    for (const i of this.state.instruments.values())
      if (i.instrument_id === idOrSymbol || i.symbol === idOrSymbol) return i;
    throw new ExchangeError(404, `instrument ${idOrSymbol} not found`);
  }

  private revisionView(r: SpecRevision): RevisionView {
    const { quality_index: _index, ...spec } = r.spec;
    return {
      revision_id: r.revision_id,
      instrument_id: r.instrument_id,
      symbol: this.state.instruments.get(r.instrument_id)?.symbol ?? r.instrument_id,
      version: r.version,
      spec,
      published_at: iso(r.published_at),
      effective_at: iso(r.effective_at),
      applied_at: r.applied_at === null ? null : iso(r.applied_at),
    };
  }
}

/**
 * Scheduled jobs of the rosters: revisions take effect at their time (missed ones at start), and admitted
 * endpoints are probed every `probeIntervalMs` (0: never).
 */
export class RosterJobs {
  private revisionTimer: unknown = null;
  private probeTimer: unknown = null;
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly service: ExchangeService,
    private readonly rosters: RosterOperations,
    private readonly timers: Timers,
    private readonly probeIntervalMs: number,
  ) {}

  start(): Promise<void> {
    this.unsubscribe = this.service.onCommit((_seq, entries) => {
      if (entries.some((e) => e.command.type === 'publish_spec_revision')) this.armRevision();
    });
    this.armProbes();
    return this.applyDue();
  }

  stop(): void {
    this.unsubscribe?.();
    for (const t of [this.revisionTimer, this.probeTimer]) if (t !== null) this.timers.clearTimeout(t);
    this.revisionTimer = this.probeTimer = null;
  }

  /** Resolves when revisions due so far have taken effect (tests). */
  idle(): Promise<void> {
    return this.running;
  }

  /** Applies every revision whose time has come, in order, then waits for the next. */
  applyDue(): Promise<void> {
    this.running = this.running.then(async () => {
      const now = this.service.clock();
      const due = [...this.service.engine.state.revisions.values()]
        .filter((r) => r.applied_at === null && r.effective_at <= now)
        .sort((a, b) => a.effective_at - b.effective_at);
      for (const revision of due) {
        try {
          await this.rosters.applyRevision(revision);
        } catch (error) {
          console.error('a specification revision could not take effect', error);
        }
      }
      this.armRevision();
    });
    return this.running;
  }

  private armRevision(): void {
    if (this.revisionTimer !== null) this.timers.clearTimeout(this.revisionTimer);
    this.revisionTimer = null;
    const next = [...this.service.engine.state.revisions.values()]
      .filter((r) => r.applied_at === null)
      .reduce<number | null>((t, r) => (t === null || r.effective_at < t ? r.effective_at : t), null);
    if (next === null) return;
    const delay = Math.min(Math.max(next - this.service.clock(), 0), MAX_TIMER_MS);
    this.revisionTimer = this.timers.setTimeout(() => {
      this.revisionTimer = null;
      void this.applyDue();
    }, delay);
  }

  private armProbes(): void {
    if (this.probeIntervalMs <= 0) return;
    this.probeTimer = this.timers.setTimeout(() => {
      for (const entry of this.service.engine.state.roster.values())
        if (entry.status === 'admitted' && entry.endpoint_id !== null)
          this.rosters
            .probe(entry.entry_id, 'scheduled')
            .done.catch((e) => console.error('scheduled probe failed', e));
      this.armProbes();
    }, this.probeIntervalMs);
  }
}
