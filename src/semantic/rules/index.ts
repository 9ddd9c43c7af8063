import { examples } from './examples';
import { factColumns } from './factColumns';
import { formulas } from './formulas';
import { measures } from './measures';
import { segments } from './segments';
import { uniqueNames } from './uniqueNames';
import { Rule } from './context';

export type { Rule, RuleContext } from './context';
export { measuresOf, paramsFor } from './measures';

/** Every validation rule, in order. A new rule is one file and one line here. */
export const rules: Rule[] = [uniqueNames, factColumns, segments, measures, formulas, examples];
