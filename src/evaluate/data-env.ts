import type { EvalEnv } from './evaluate.js';

/** A contact's data as the evaluator reads it: an EvalEnv without its clock and memberships. */
export type EnvData = Pick<EvalEnv, 'contact' | 'events' | 'eventsNamed' | 'times' | 'timesNamed'>;

/**
 * The evaluator's view of `data` at clock `now`, reading `data.events` only if a leaf reads
 * them (a packed contact unpacks its events then). A class, not an object literal with a
 * `get events()`: such a literal makes a closure and takes V8's slow creation path each
 * time, about 30 times the cost of an instance, and one is made per contact decided.
 */
export class DataEnv implements EvalEnv {
  readonly contact: EvalEnv['contact'];
  readonly eventsNamed: EvalEnv['eventsNamed'];
  readonly times: EvalEnv['times'];
  readonly timesNamed: EvalEnv['timesNamed'];

  constructor(private readonly data: EnvData, readonly now: number, readonly tz: string, readonly isMember: EvalEnv['isMember']) {
    this.contact = data.contact;
    this.eventsNamed = data.eventsNamed;
    this.times = data.times;
    this.timesNamed = data.timesNamed;
  }

  get events(): EvalEnv['events'] {
    return this.data.events;
  }
}
