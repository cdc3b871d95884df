/** Event buses: the default one, always there, and those CreateEventBus made (deleting one deletes its rules). */
import { eventsError, validation } from './errors';
import { busArn, busNameOf, DEFAULT_BUS } from './model';
import { optionalString, requiredString, type Input } from './params';
import type { EventsTables } from './tables';

export class EventBuses {
  constructor(
    private readonly tables: EventsTables,
    private readonly region: string,
    private readonly accountId: string,
    private readonly now: () => number,
  ) {}

  exists(name: string): boolean {
    return name === DEFAULT_BUS || this.tables.bus(name) !== undefined;
  }

  /** The bus EventBusName names (the default bus when none), which must exist. */
  require(input: Input): string {
    const bus = busNameOf(optionalString(input, 'EventBusName') ?? DEFAULT_BUS);
    if (!this.exists(bus)) throw eventsError('ResourceNotFoundException', `Event bus ${bus} does not exist.`);
    return bus;
  }

  createEventBus(input: Input): { EventBusArn: string } {
    const name = requiredString(input, 'Name');
    if (!/^[/.\-_A-Za-z0-9]{1,256}$/.test(name) || name.startsWith('aws.')) {
      throw validation(
        `Event bus name ${name} is not valid: 1-256 of letters, digits, '.', '-', '_', '/', not starting with 'aws.'.`,
      );
    }
    if (this.exists(name)) throw eventsError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
    this.tables.createBus(name, optionalString(input, 'Description'), this.now());
    return { EventBusArn: busArn(this.region, this.accountId, name) };
  }

  describeEventBus(input: Input): { Name: string; Arn: string; Description?: string; CreationTime?: Date } {
    const name = busNameOf(optionalString(input, 'Name') ?? DEFAULT_BUS);
    if (name === DEFAULT_BUS) return { Name: name, Arn: busArn(this.region, this.accountId, name) };
    const bus = this.tables.bus(name);
    if (bus === undefined) throw eventsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    return {
      Name: name,
      Arn: busArn(this.region, this.accountId, name),
      ...(bus.description === undefined ? {} : { Description: bus.description }),
      CreationTime: new Date(bus.created),
    };
  }

  listEventBuses(input: Input): { EventBuses: { Name: string; Arn: string }[] } {
    const prefix = optionalString(input, 'NamePrefix') ?? '';
    const names = [DEFAULT_BUS, ...this.tables.buses().map((b) => b.name)].filter((n) => n.startsWith(prefix));
    return { EventBuses: names.map((Name) => ({ Name, Arn: busArn(this.region, this.accountId, Name) })) };
  }

  deleteEventBus(input: Input): Record<string, never> {
    const name = busNameOf(requiredString(input, 'Name'));
    if (name === DEFAULT_BUS) throw validation('Cannot delete event bus default.');
    for (const rule of this.tables.rules(name)) {
      for (const target of this.tables.targets(name, rule.name)) this.tables.deleteTarget(name, rule.name, target.Id);
      this.tables.deleteRule(name, rule.name);
    }
    this.tables.deleteBus(name);
    return {};
  }
}
