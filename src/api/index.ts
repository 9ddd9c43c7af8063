export { startServer } from './server';
export type { RunningServer } from './server';
export { buildApiSchema, printApiSchema, resolvers } from './schema';
export { createContext } from './context';
export type { ApiContext } from './context';
export { createLoaders } from './loaders';
export type { Loaders, EmployeeRow, ProductRow, DatedKey } from './loaders';
export { Team, Employee, Assignment, Product } from './types/org';
export { DateScalar, DateTimeScalar } from './scalars';
