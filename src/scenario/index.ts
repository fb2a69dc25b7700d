// lockcliff scenario: the schema, loading and validation with JSON-path errors, and building runs.

export { buildBurst } from './build.ts';
export { readScenario, scenarioBurst, scenarioBursts } from './readScenario.ts';
export {
  checkField,
  durationOf,
  type FieldSpec,
  loadScenario,
  type Override,
  parseOverride,
  SCENARIO_FIELDS,
  type Scenario,
  type ValueOrigin,
} from './schema.ts';
