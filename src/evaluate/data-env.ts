import type { EvalEnv } from './evaluate.js';

/** A contact's data as the evaluator reads it: an EvalEnv without its clock and memberships. */
export type EnvData = Pick<EvalEnv, 'contact' | 'events' | 'eventsNamed' | 'times' | 'timesNamed'>;

/** Where a contact's events are read from (a packed contact unpacks them only when read). */
export type EventSource = Omit<EnvData, 'contact'>;

/**
 * A contact's data that reads `events` from its source only if something reads them. A
 * class, not an object literal with a `get events()`: such a literal makes a closure and
 * takes V8's slow creation path each time, about 30 times the cost of an instance, and
 * one is made per contact decided.
 */
export class ReadThrough implements EnvData {
  readonly eventsNamed: EnvData['eventsNamed'];
  readonly times: EnvData['times'];
  readonly timesNamed: EnvData['timesNamed'];

  constructor(readonly contact: EnvData['contact'], private readonly source: EventSource) {
    this.eventsNamed = source.eventsNamed;
    this.times = source.times;
    this.timesNamed = source.timesNamed;
  }

  get events(): EnvData['events'] {
    return this.source.events;
  }
}

/** The evaluator's view of `data` at clock `now`. */
export class DataEnv extends ReadThrough implements EvalEnv {
  constructor(data: EnvData, readonly now: number, readonly tz: string, readonly isMember: EvalEnv['isMember']) {
    super(data.contact, data);
  }
}
