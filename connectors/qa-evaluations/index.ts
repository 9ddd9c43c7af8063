import { csvConnector, QualityEvaluationRecord } from '../sdk';
import { cleanseEvaluation } from './cleanse';

export const COLUMNS = ['evaluation_id', 'qa_agent_id', 'contact_id', 'evaluator', 'evaluated_at', 'form', 'score', 'max_score', 'auto_fail'] as const;

/** Quality-monitoring evaluations, attributed by qa_agent_id. */
export const qaEvaluations = csvConnector<QualityEvaluationRecord>({
  name: 'qa-evaluations',
  description: 'Quality evaluations (score, max score, auto-fail)',
  columns: COLUMNS,
  produces: 'quality_evaluation',
  key: (r) => r.evaluation_id,
  cleanse: (f) => cleanseEvaluation(f),
});
