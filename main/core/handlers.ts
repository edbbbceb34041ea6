/** The shape of the core's implementation: one handler per contract method, given its checked request. */
import type * as z from 'zod/mini';
import type { Method, Responses, requestSchemas } from '../../shared/api';

export type Handlers = { [M in Method]: (request: z.output<(typeof requestSchemas)[M]>) => Promise<Responses[M]> };
