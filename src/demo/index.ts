import { DataSource } from 'typeorm';
import { IsoDate } from '../canonical';

export interface DemoOptions {
  /** Folder to write the generated source files into. */
  dataDir: string;
  /** The day the demo's history ends (today, normally). */
  today: IsoDate;
  log?: (line: string) => void;
}

/** Loads the demo operation through the real connectors. (Being built: see issue 3.) */
export async function loadDemo(_ds: DataSource, _opts: DemoOptions): Promise<void> {
  throw new Error('demo data set not built yet');
}
