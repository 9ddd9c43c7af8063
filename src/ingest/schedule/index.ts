export { Scheduler } from './scheduler';
export type { TickResult, SchedulerLog } from './scheduler';
export { loadScheduleConfig, ScheduleConfigError, SCHEDULE_FILE, JOB_KINDS } from './config';
export type { ScheduleConfig, SyncConfig, JobConfig, JobKind } from './config';
export { listSyncFiles } from './files';
