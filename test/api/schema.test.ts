import fs from 'fs';
import path from 'path';
import { printApiSchema } from '../../src/api';

describe('schema.graphql', () => {
  it('is the schema the code generates (run `npm run schema` after changing the API)', () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8');
    expect(printApiSchema()).toBe(committed);
  });
});
