/**
 * An isolation run as page data: swim lanes, one per session, that fill in row by row as
 * the reader steps; for the model engine, its internals after each of its own steps and,
 * at the end, the dependency graph of the committed transactions with its cycle.
 *
 * A real engine (PostgreSQL, SQLite) tells what each statement returned, whether it waited
 * and for whom, and how each transaction ended: the run's events, one step each. The model
 * engine also tells why, in many smaller steps (a snapshot taken, a version read, a lock
 * queued, an rw-conflict found), each carrying the internals — tuple versions with xmin
 * and xmax, snapshots, the lock table, SIREAD locks and rw-edges — so the page steps
 * through those and points at the lane row the scenario step belongs to.
 *
 *   PermutationOutcome ──► lane rows (one per run event) ──┐
 *   model steps + internals ──► steps pointing at rows ────┼──► IsolationPageData
 *   dependency graph + cycle ──► the last step ────────────┘
 */
import type {
  ModelRunDetails,
  PermutationOutcome,
  ResultSet,
  RunEvent,
  StepOutcome,
  Value,
} from '@dbplay/isolation';
import type { GraphView, IsolationPageData, IsolationPageStep, LaneRow, PageTable } from '../page-data.ts';

export interface IsolationPageInput {
  readonly title: string;
  readonly subtitle: string;
  readonly engine: string;
  readonly level: string;
  /** The scenario's sessions, in its order: one lane each. */
  readonly sessions: readonly string[];
  readonly outcome: PermutationOutcome;
  /** The step outcome of each event, index for index (@dbplay/isolation's `stepsOfEvents`). */
  readonly eventOutcomes: readonly (StepOutcome | undefined)[];
  /** The model engine's steps and dependency graph (@dbplay/isolation's `modelDetails`), if it ran. */
  readonly model?: ModelRunDetails | undefined;
  /** The verdict, a sentence or a few. */
  readonly verdict?: readonly string[];
}

export function isolationPage(input: IsolationPageInput): IsolationPageData {
  const { outcome } = input;
  const rows = laneRows(input);
  const model = input.model;
  const internals = new InternalsInterner();
  const steps: IsolationPageStep[] =
    model !== undefined && model.steps.length > 0
      ? modelSteps(model, rows, internals)
      : rows.map((row, index) => ({
          kind: outcome.events[index]?.kind ?? 'step',
          narration: narrateRow(row, outcome.events[index], input.eventOutcomes[index]),
          touched: [row.session, ...row.waitsFor],
          row: index,
        }));
  const graph = model === undefined ? null : graphView(model);
  if (graph !== null) {
    steps.push({
      kind: 'graph',
      narration:
        graph.cycle === null
          ? 'The dependency graph of the committed transactions has no cycle: they are serializable, in an order consistent with every edge.'
          : `The dependency graph of the committed transactions has a cycle, ${graph.cycle.text}: no serial order satisfies every edge, so this history is not serializable (${graph.cycle.anomaly}).`,
      touched: graph.nodes
        .filter((node) => graph.edges.some((e) => e.inCycle && e.from === node.name))
        .map((n) => n.name),
      row: rows.length - 1,
      graph: true,
    });
  }
  const tables: PageTable[] = outcome.final.map((table) => ({
    title: `Table ${table.table} at the end`,
    columns: [...table.columns],
    rows: table.rows.map((row) => row.map(valueText)),
  }));
  return {
    kind: 'isolation',
    title: input.title,
    subtitle: input.subtitle,
    engine: input.engine,
    level: input.level,
    sessions: input.sessions.map((name) => ({
      name,
      status: outcome.sessions.find((s) => s.session === name)?.status ?? 'unfinished',
    })),
    rows,
    internals: internals.items,
    graph,
    steps,
    tables,
    ...(input.verdict === undefined ? {} : { notes: input.verdict }),
  };
}

function valueText(value: Value): string {
  return value === null ? 'NULL' : String(value);
}

function rowsText(rows: ResultSet): string {
  if (rows.rows.length === 0) return '(no rows)';
  const shown = rows.rows.slice(0, 4).map((row) => `(${row.map(valueText).join(', ')})`);
  return `${shown.join(' ')}${rows.rows.length > 4 ? ` … ${rows.rows.length} rows` : ''}`;
}

function resultText(step: StepOutcome): string {
  if (step.error !== null) return `ERROR ${step.error.code}`;
  if (step.rows !== null) return rowsText(step.rows);
  return step.command ?? 'ok';
}

function laneRows(input: IsolationPageInput): LaneRow[] {
  const { outcome } = input;
  return outcome.events.map((event, index) => {
    const step = input.eventOutcomes[index];
    const ended = outcome.sessions.find((s) => s.endedBy?.event === index);
    return {
      session: step?.session ?? '?',
      step: event.step,
      sql: step?.sql ?? '',
      event: event.kind,
      result:
        event.kind === 'wait'
          ? `waits for ${event.waitsFor.join(', ')}`
          : event.kind === 'postpone'
            ? `queued behind ${event.behind}`
            : event.kind === 'abandon'
              ? 'cancelled: nothing could unblock it'
              : step === undefined
                ? ''
                : resultText(step),
      error:
        event.kind !== 'wait' && event.kind !== 'postpone' && step?.error
          ? { code: step.error.code, message: step.error.message }
          : null,
      waitsFor: event.kind === 'wait' ? [...event.waitsFor] : [],
      ended: ended === undefined ? null : ended.status === 'committed' ? 'commit' : 'rollback',
    };
  });
}

function narrateRow(row: LaneRow, event: RunEvent | undefined, step: StepOutcome | undefined): string {
  const sql = row.sql.replace(/\s+/g, ' ').trim();
  const error =
    row.error === null
      ? ''
      : `: it fails with ${row.error.code}, "${row.error.message}"${step?.error?.cause ? ` (${step.error.cause})` : ''}`;
  const end =
    row.ended === null
      ? ''
      : row.ended === 'commit'
        ? `; ${row.session}'s transaction commits`
        : `; ${row.session}'s transaction ends in a rollback`;
  switch (event?.kind) {
    case 'wait':
      return `${row.session} runs ${row.step}, ${sql}, and must wait for ${row.waitsFor.join(' and ')}${step?.note ? ` (${step.note})` : ''}.`;
    case 'finish':
      return `${row.session}'s ${row.step} stops waiting${row.error === null ? `: ${row.result}` : ''}${error}${end}.`;
    case 'postpone':
      return `${row.step} comes up while ${row.session} still waits, so it runs once that wait ends.`;
    case 'abandon':
      return `${row.session}'s ${row.step} still waits and nothing can unblock it, so dbplay cancels it.`;
    default:
      return `${row.session} runs ${row.step}, ${sql}${row.error === null ? `: ${row.result}` : ''}${error}${end}.`;
  }
}

/** Keeps each distinct state of the model's internals once. */
class InternalsInterner {
  readonly items: unknown[] = [];
  private readonly index = new Map<string, number>();
  private last: number | undefined;

  add(value: unknown): number | undefined {
    if (value === undefined) return this.last;
    const key = JSON.stringify(value);
    let at = this.index.get(key);
    if (at === undefined) {
      this.items.push(value);
      at = this.items.length - 1;
      this.index.set(key, at);
    }
    this.last = at;
    return at;
  }
}

/**
 * The model's steps, each pointing at the lane row of the scenario step it belongs to: an
 * `issue` moves to that step's next row; a `resume` to the row where its wait finished.
 */
function modelSteps(
  model: ModelRunDetails,
  rows: readonly LaneRow[],
  internals: InternalsInterner,
): IsolationPageStep[] {
  const current = new Map<string, number>();
  let reached = -1;
  const nextRow = (step: string, events: readonly string[]) => {
    const at = rows.findIndex((row, i) => i > reached && row.step === step && events.includes(row.event));
    return at < 0 ? undefined : at;
  };
  return model.steps.map((step) => {
    let row: number | null = null;
    if (step.step !== null) {
      let at: number | undefined;
      if (step.kind === 'issue') at = nextRow(step.step, ['step', 'wait', 'postpone']);
      else if (step.kind === 'resume') at = nextRow(step.step, ['finish', 'abandon']);
      if (at !== undefined) {
        current.set(step.step, at);
        reached = Math.max(reached, at);
      }
      row = current.get(step.step) ?? null;
    }
    const index = internals.add(step.snapshot);
    return {
      kind: step.kind,
      narration: step.narration,
      touched: [...step.touched],
      row,
      ...(index === undefined ? {} : { internals: index }),
    };
  });
}

function graphView(model: ModelRunDetails): GraphView {
  const edgeKey = (edge: { from: string; to: string; kind: string; object: string }) =>
    `${edge.from} ${edge.kind} ${edge.to} ${edge.object}`;
  const cycleEdges = new Set((model.cycle?.edges ?? []).map(edgeKey));
  return {
    nodes: model.dsg.nodes.map((node) => ({ name: node.name, session: node.session })),
    edges: model.dsg.edges.map((edge) => ({
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      label: `${edge.kind}${edge.predicate ? ' (predicate)' : ''}: ${edge.object}`,
      inCycle: cycleEdges.has(edgeKey(edge)),
    })),
    cycle: model.cycle === null ? null : { text: model.cycle.text, anomaly: model.cycle.anomaly },
  };
}
