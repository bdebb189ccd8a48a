/**
 * @dbplay/explain/plans: EXPLAIN (FORMAT JSON) as a typed tree, and what dbplay does with one.
 *
 * The main entry point is the exercises and their grader; this one is the plan vocabulary
 * they are built on, which a front end or a lesson uses by itself: parse PostgreSQL's JSON
 * plan ({@link parsePlan}), draw it the way psql prints EXPLAIN ({@link drawPlan}), note what
 * a learner should see in it ({@link planNotes}), read one field of one node as the grader
 * does ({@link selectNodes}, {@link readField}), and run a query to get its plan inside a
 * transaction that is rolled back ({@link explorePlan}).
 */

export { type DrawPlanOptions, drawPlan } from './draw-plan.ts';
export { type ExploredPlan, type ExplorePlanOptions, exploredPlanJson, explorePlan } from './explore-plan.ts';
export { type PlanJson, planJson } from './plan-json.ts';
export { nodeLabel, type PlanNote, planNotes } from './plan-notes.ts';
export { describeSelector, readField, selectNodes } from './plan-query.ts';
export { estimateFactor, exclusiveCosts, type Plan, type PlanNode, parsePlan } from './plan-tree.ts';
