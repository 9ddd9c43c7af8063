import { FieldReader, isoInstant, QualityEvaluationRecord, Rejection } from '../sdk';

export function cleanseEvaluation(f: FieldReader): QualityEvaluationRecord | Rejection {
  const id = f.text('evaluation_id', { required: true });
  const qaAgent = f.text('qa_agent_id', { required: true });
  const contactId = f.text('contact_id');
  const evaluator = f.text('evaluator');
  const at = f.instant('evaluated_at', { required: true });
  const form = f.text('form');
  const score = f.decimal('score', { required: true, min: 0 });
  const max = f.decimal('max_score', { required: true, min: 0, minExclusive: true });
  const autoFail = f.bool('auto_fail', false);
  if (score !== null && max !== null && Number(score) > Number(max)) f.fail('out_of_range', 'score', score, `is greater than max_score ${max}`);
  return f.result(() => ({
    kind: 'quality_evaluation' as const,
    agent: { system: 'qa' as const, field: 'qa_agent_id', ref: qaAgent, at: at! },
    evaluation_id: id,
    qa_agent_id: qaAgent,
    contact_id: contactId,
    evaluator,
    evaluated_at: isoInstant(at!),
    form,
    score: score!,
    max_score: max!,
    auto_fail: autoFail,
  }));
}
