/**
 * @dbplay/isolation/render: drawing runs, and the `--json` documents.
 *
 * The main entry point runs scenarios and judges them; this one turns what they return
 * into text a person reads (a transcript, swim lanes, the anomaly matrix, the model's
 * trace and internals, a result set, the conformance report) or into the JSON documents
 * the CLI prints with `--json`. A front end (the CLI, the shell, a lesson) imports both;
 * a program that only wants verdicts needs this one not at all.
 *
 * Its use is shown in the main entry point's examples (test/examples/).
 */

export { conformanceJson, renderConformance } from '../conformance/render-conformance.ts';
export { renderInternals } from '../model/trace/render-internals.ts';
export {
  groupTrace,
  renderTracedTranscript,
  renderTraceGroup,
  type TraceGroup,
} from '../model/trace/render-model-trace.ts';
export { renderMatrix } from './render-matrix.ts';
export { formatValue, renderResultSet } from './render-result.ts';
export { renderRunLanes, renderScheduleLanes, type SwimLaneOptions, wrap } from './render-swim-lane.ts';
export { renderTranscript } from './render-transcript.ts';
export { comparisonJson, matrixJson, scenarioReportJson } from './report-json.ts';
