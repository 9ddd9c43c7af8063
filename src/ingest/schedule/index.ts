export { Scheduler } from './scheduler';
export type { TickResult, SchedulerLog } from './scheduler';
export { loadScheduleConfig, ScheduleConfigError, SCHEDULE_FILE } from './config';
export type { ScheduleConfig, SyncConfig } from './config';
export { listSyncFiles } from './files';
